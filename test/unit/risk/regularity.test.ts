import { describe, expect, it } from 'vitest';
import { regularityCheck } from '../../../scripts/lib/synthetic-evaluation';
import { logLikelihood, pAlive, probNoPurchase } from '../../../shared/domain/risk/bgnbd';
import { seededUniform } from '../../../shared/domain/random';
import {
  gapQuantile,
  pAliveRegular,
  probNoPurchaseRegular,
  totalRegularityLogLikelihood,
  wheatMorrisonK,
} from '../../../shared/domain/risk/regularity';
import { atRiskDate, scoreCustomer } from '../../../shared/domain/risk/score';
import type { CustomerSummary } from '../../../shared/domain/risk/summary';
import { testRiskModel, testRiskPolicy } from '../../support/risk-model';

const params = testRiskModel.bgnbd;
const customers = [
  { x: 0, tx: 0, T: 30, logGapSum: 0 },
  { x: 1, tx: 4, T: 38, logGapSum: Math.log(4) },
  { x: 5, tx: 30, T: 36, logGapSum: 5 * Math.log(6) },
  { x: 20, tx: 37, T: 39, logGapSum: 20 * Math.log(1.85) },
];

describe('BG/CNBD-k', () => {
  it('is the BG/NBD at k = 1: same likelihood, P(alive) and silence probability', () => {
    expect(totalRegularityLogLikelihood({ k: 1, params }, customers)).toBeCloseTo(logLikelihood(params, customers), 8);
    for (const c of customers) {
      expect(pAliveRegular({ k: 1, params }, c)).toBeCloseTo(pAlive(params, c), 12);
      expect(probNoPurchaseRegular({ k: 1, params }, c, 39)).toBeCloseTo(probNoPurchase(params, c, 39), 12);
    }
  });

  it('keeps a regular buyer alive through one usual gap of silence and not through three', () => {
    // Ten repeats four weeks apart: under k = 1 four silent weeks already cost P(alive); under k = 8 they do not.
    const regular = (silence: number) => ({ x: 10, tx: 40, T: 40 + silence });
    const poisson = { k: 1, params: { ...params, alpha: 4 } };
    const clockwork = { k: 8, params: { ...params, alpha: 32 } };
    expect(pAliveRegular(clockwork, regular(4))).toBeGreaterThan(pAliveRegular(poisson, regular(4)));
    expect(pAliveRegular(clockwork, regular(12))).toBeLessThan(pAliveRegular(poisson, regular(12)));
  });

  it('Wheat–Morrison recovers the Erlang k of two consecutive gaps', () => {
    const random = seededUniform(5);
    const erlang = (k: number) => Array.from({ length: k }, () => -Math.log(1 - random())).reduce((s, g) => s + g, 0);
    for (const k of [1, 4, 12]) {
      const pairs = Array.from({ length: 4000 }, () => [erlang(k), erlang(k)] as const);
      expect(wheatMorrisonK(pairs)).toBeGreaterThan(k * 0.85);
      expect(wheatMorrisonK(pairs)).toBeLessThan(k * 1.15);
    }
  });

  it('puts the missed-rhythm point at −ln(0.1) means for Poisson buying and close to the mean for clockwork', () => {
    expect(gapQuantile(1, 30, 0.9)).toBeCloseTo(-30 * Math.log(0.1), 6);
    expect(gapQuantile(12, 30, 0.9)).toBeGreaterThan(30);
    expect(gapQuantile(12, 30, 0.9)).toBeLessThan(45);
  });
});

describe('the score under regular buying', () => {
  const model = { ...testRiskModel, regularity: { k: 6, params: { ...params, alpha: 6 * params.alpha } } };
  const buyer: CustomerSummary = { firstOrderAt: '2026-01-05', lastOrderAt: '2026-05-25', occasions: 6, totalSpend: 300 };

  it('never falls while the customer stays silent, and the at-risk date is the first day it reaches the threshold', () => {
    let previous = 0;
    for (let day = 0; day <= 400; day += 1) {
      const score = scoreCustomer(model, buyer, new Date(Date.parse('2026-05-25') + day * 86_400_000).toISOString()).score;
      expect(score).toBeGreaterThanOrEqual(previous);
      previous = score;
    }
    const date = atRiskDate(model, buyer)!;
    const dayBefore = new Date(Date.parse(date) - 86_400_000).toISOString();
    expect(scoreCustomer(model, buyer, date).atRisk).toBe(true);
    expect(scoreCustomer(model, buyer, dayBefore).atRisk).toBe(false);
  });
});

describe('synthetic populations of known regularity', () => {
  const [clockwork, poisson, bursty] = (['clockwork', 'poisson', 'bursty'] as const).map((rhythm) => regularityCheck(rhythm, testRiskPolicy, 300));

  it('finds clockwork buying and flags it only after the rhythm is clearly missed, yet within two intervals', () => {
    expect(clockwork!.k).toBeGreaterThanOrEqual(8);
    expect(clockwork!.wheatMorrisonK).toBeGreaterThan(10);
    expect(clockwork!.withRegularity.earlyShare).toBe(0);
    expect(clockwork!.withRegularity.silenceRatio[0]).toBeGreaterThanOrEqual(1.25);
    expect(clockwork!.withRegularity.silenceRatio[2]).toBeLessThan(2);
    // The memoryless timing waits far longer on the same customers.
    expect(clockwork!.bgnbdOnly.silenceRatio[1]).toBeGreaterThan(2);
  });

  it('treats Poisson and bursty buyers exactly as the BG/NBD does', () => {
    for (const check of [poisson!, bursty!]) {
      expect(check.k).toBe(1);
      expect(check.withRegularity).toEqual(check.bgnbdOnly);
    }
    expect(poisson!.wheatMorrisonK).toBeGreaterThan(0.7);
    expect(poisson!.wheatMorrisonK).toBeLessThan(1.3);
    expect(bursty!.wheatMorrisonK).toBeLessThan(poisson!.wheatMorrisonK);
  });
});
