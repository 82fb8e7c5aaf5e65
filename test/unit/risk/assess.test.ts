import { describe, expect, it } from 'vitest';
import type { CustomerProfile } from '../../../shared/domain/purchase';
import { assessRisk, atRiskAt, flagCoversSilence, riskReason, scheduleRiskCheck, summaryOf, usualIntervalDays, withPolicy } from '../../../shared/domain/risk/assess';
import { atRiskDate } from '../../../shared/domain/risk/score';
import { testRiskModel, testRiskPolicy } from '../../support/risk-model';
import type { CustomerSummary } from '../../../shared/domain/risk/summary';
import { addDays } from '../../../shared/domain/time';

const model = testRiskModel;
const policy = testRiskPolicy;

/** A customer who ordered every `everyDays` days, `orders` times, the last on 2026-01-01. */
const rhythm = (everyDays: number, orders: number): CustomerSummary => ({
  firstOrderAt: addDays('2026-01-01T00:00:00.000Z', -everyDays * (orders - 1)).slice(0, 10),
  lastOrderAt: '2026-01-01',
  occasions: orders,
  totalSpend: 25 * orders,
});
const tenWeeksLater = addDays('2026-01-01T00:00:00.000Z', 70);

describe('assessRisk', () => {
  it("judges silence by the customer's own rhythm: a fortnightly buyer silent ten weeks is at risk, a yearly buyer is not", () => {
    const fortnightly = assessRisk(model, policy, rhythm(14, 10), tenWeeksLater);
    const yearly = assessRisk(model, policy, rhythm(365, 3), tenWeeksLater);

    expect(fortnightly).toMatchObject({ atRisk: true, rule: 'repeat-model', daysSilent: 70, usualIntervalDays: 14, occasions: 10, spend: 250 });
    expect(yearly).toMatchObject({ atRisk: false, daysSilent: 70, usualIntervalDays: 365 });
    expect(yearly.atRiskAt).toBe('2027-01-01T00:00:00.000Z'); // not before a year of silence
    expect(fortnightly.pAlive).toBeLessThan(yearly.pAlive);
  });

  it('is at risk exactly from the at-risk date on, so the intake and the scorer agree', () => {
    const summary = rhythm(14, 10);
    const due = atRiskAt(model, policy, summary)!;
    expect(assessRisk(model, policy, summary, addDays(due, -0.001)).atRisk).toBe(false);
    expect(assessRisk(model, policy, summary, due).atRisk).toBe(true);
  });

  it('never flags sooner than the usual interval or the minimum silence, whatever a degenerate fit says', () => {
    const flagsEveryone = { ...model, threshold: 0.01, oneTimeBuyerWeeks: 1 };
    const noScoreFloor = { minScore: 0, minSilenceDays: 30 };
    const slow = rhythm(90, 3);
    expect(atRiskDate(flagsEveryone, slow)).toBe('2026-01-01T00:00:00.000Z'); // the raw model: at risk right after the order
    expect(atRiskAt(flagsEveryone, noScoreFloor, slow)).toBe(addDays('2026-01-01T00:00:00.000Z', 90));
    expect(atRiskAt(flagsEveryone, noScoreFloor, rhythm(1, 1))).toBe(addDays('2026-01-01T00:00:00.000Z', 30));
  });

  it('raises a fitted threshold below the minimum score to it', () => {
    expect(withPolicy({ ...model, threshold: 0.04 }, policy).threshold).toBe(0.5);
    expect(withPolicy(model, policy).threshold).toBe(0.64);
  });

  it('flags a one-time buyer by the population rule and says why', () => {
    const once = rhythm(1, 1);
    const assessment = assessRisk(model, policy, once, addDays('2026-01-01T00:00:00.000Z', 100));
    expect(assessment).toMatchObject({ atRisk: true, rule: 'one-time-buyer', pAlive: 1, usualIntervalDays: undefined });
    expect(riskReason(assessment, model)).toBe('one order, 100 days ago; most repeat buyers order again within 98 days');
  });

  it('states a repeat buyer\'s reason with silence, rhythm and the chance of no order split into stopped and pausing', () => {
    const assessment = assessRisk(model, policy, rhythm(14, 10), tenWeeksLater);
    expect(riskReason(assessment, model)).toMatch(
      /^silent 70 days, usually orders every 14 days; \d+% chance of no order in the next 39 weeks: \d+% that they have stopped buying, \d+% that they are still a customer but pause that long$/,
    );
  });

  it('never states a chance of no order below the chance they stopped buying, and the parts add up', () => {
    // The reported case: 78 % chance of no order next to P(alive) 0.79 read as a contradiction.
    const reported = { ...assessRisk(model, policy, rhythm(30, 5), tenWeeksLater), chance: 0.78, pAlive: 0.79, daysSilent: 30, usualIntervalDays: 30 };
    expect(riskReason(reported, model)).toBe(
      'silent 30 days, usually orders every 30 days; 78% chance of no order in the next 39 weeks: 21% that they have stopped buying, 57% that they are still a customer but pause that long',
    );
    for (const gap of [7, 14, 30, 60]) {
      for (const orders of [2, 5, 20]) {
        for (const weeks of [4, 10, 30, 80]) {
          const a = assessRisk(model, policy, rhythm(gap, orders), addDays('2026-06-01T00:00:00.000Z', weeks * 7));
          const [noOrder, stopped, pausing] = [...riskReason(a, model).matchAll(/(\d+)%/g)].map((m) => Number(m[1]));
          expect(stopped).toBeLessThanOrEqual(noOrder!);
          expect(stopped! + pausing!).toBe(noOrder);
          expect(noOrder).toBe(Math.round(a.chance * 100));
        }
      }
    }
  });
});

describe('scheduling the next risk check from the intake', () => {
  const profile = (orders: Record<string, string>, extra: Partial<CustomerProfile> = {}): CustomerProfile => ({
    customerId: 'c-1',
    email: 'c-1@example.com',
    marketingConsent: true,
    contactAsOf: '2026-01-01T00:00:00.000Z',
    orders,
    totals: Object.fromEntries(Object.keys(orders).map((id) => [id, 20])),
    currency: 'EUR',
    version: 3,
    ...extra,
  });

  it('sets the first check, and only ever moves it earlier (moving it later would cost two index writes per order)', () => {
    const p = profile({ o1: '2026-01-01T10:00:00.000Z' });
    const first = scheduleRiskCheck(p, '2026-04-01T00:00:00.000Z');
    expect(first.riskDueAt).toBe('2026-04-01T00:00:00.000Z');
    expect(scheduleRiskCheck(first, '2026-06-01T00:00:00.000Z')).toBe(first);
    expect(scheduleRiskCheck(first, '2026-03-01T00:00:00.000Z').riskDueAt).toBe('2026-03-01T00:00:00.000Z');
  });

  it('leaves a customer alone whose current silence is already flagged, and schedules them again after a new order', () => {
    const flag = { flaggedAt: '2026-05-01T04:00:00.000Z', lastOrderId: 'o1', lastOrderAt: '2026-01-01T10:00:00.000Z', sellerId: 's-1', score: 0.7 };
    const flagged = profile({ o1: '2026-01-01T10:00:00.000Z' }, { riskFlag: flag });
    expect(flagCoversSilence(flagged)).toBe(true);
    expect(scheduleRiskCheck(flagged, '2026-07-01T00:00:00.000Z')).toBe(flagged);

    const back = profile({ o1: '2026-01-01T10:00:00.000Z', o2: '2026-05-03T10:00:00.000Z' }, { riskFlag: flag });
    expect(flagCoversSilence(back)).toBe(false);
    expect(scheduleRiskCheck(back, '2026-09-01T00:00:00.000Z').riskDueAt).toBe('2026-09-01T00:00:00.000Z');
  });

  it('summarises same-day orders as one purchase occasion', () => {
    const summary = summaryOf(profile({ a: '2026-01-01T09:00:00.000Z', b: '2026-01-01T17:00:00.000Z', c: '2026-01-31T09:00:00.000Z' }))!;
    expect(summary).toEqual({ firstOrderAt: '2026-01-01', lastOrderAt: '2026-01-31', occasions: 2, totalSpend: 60, firstDaySpend: 40 });
    expect(usualIntervalDays(summary)).toBeCloseTo(30, 10);
  });
});
