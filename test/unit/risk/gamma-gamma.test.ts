import { describe, expect, it } from 'vitest';
import { cdnowHistories } from '../../../scripts/lib/risk-evaluation';
import { type FlagRecord, rankByValue } from '../../../shared/domain/digest';
import { expectedPurchasesIfAlive } from '../../../shared/domain/risk/bgnbd';
import { expectedOrderValue, fitGammaGamma, populationOrderValue } from '../../../shared/domain/risk/gamma-gamma';
import { scoreCustomer, spendSummary } from '../../../shared/domain/risk/score';
import { type CustomerSummary, summarise, toRfm } from '../../../shared/domain/risk/summary';
import { testRiskModel } from '../../support/risk-model';

// Fader & Hardie, "The Gamma-Gamma Model of Monetary Value" (2013): the CDNOW sample's 946 repeat
// customers, their repeat purchases' average over the 39-week calibration.
const PUBLISHED = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('Gamma-Gamma spend model', () => {
  const histories = cdnowHistories('cdnow-sample');
  const repeaters = histories.map((h) => summarise(h.purchases, '1997-09-30')).filter((s): s is CustomerSummary => s !== null && s.occasions > 1);

  it('reproduces the published fit on the CDNOW sample', () => {
    const { params } = fitGammaGamma(repeaters.map(spendSummary));
    expect(repeaters).toHaveLength(946);
    expect(params.p).toBeCloseTo(PUBLISHED.p, 1);
    expect(params.q).toBeCloseTo(PUBLISHED.q, 1);
    expect(params.gamma).toBeCloseTo(PUBLISHED.gamma, 1);
  });

  it('shrinks a customer average towards the population mean, less so the more orders it rests on', () => {
    const population = populationOrderValue(PUBLISHED);
    expect(population).toBeCloseTo((15.44 * 6.25) / 2.74, 10);
    const few = expectedOrderValue(PUBLISHED, { orders: 1, meanValue: 100 });
    const many = expectedOrderValue(PUBLISHED, { orders: 20, meanValue: 100 });
    expect(few).toBeGreaterThan(population);
    expect(few).toBeLessThan(many);
    expect(many).toBeLessThan(100);
    expect(expectedOrderValue(PUBLISHED, { orders: 0, meanValue: 0 })).toBe(population);
  });

  it('averages only the repeat purchases when the first day is known', () => {
    const s: CustomerSummary = { firstOrderAt: '1997-01-01', lastOrderAt: '1997-03-01', occasions: 3, totalSpend: 100, firstDaySpend: 40 };
    expect(spendSummary(s)).toEqual({ orders: 2, meanValue: 30 });
    expect(spendSummary({ ...s, firstDaySpend: undefined })).toEqual({ orders: 3, meanValue: 100 / 3 });
  });

  it('sets the value at stake: stated chance × purchases in the stated horizon if they stay × expected order value', () => {
    const model = { ...testRiskModel, statedHorizonWeeks: 13, spend: PUBLISHED };
    const customer = repeaters[0]!;
    const risk = scoreCustomer(model, customer, '1997-09-30');
    const orderValue = expectedOrderValue(PUBLISHED, spendSummary(customer));
    expect(risk.expectedOrderValue).toBeCloseTo(orderValue, 10);
    const ifStays = expectedPurchasesIfAlive(model.bgnbd, toRfm(customer, '1997-09-30'), 13);
    expect(risk.valueAtStake).toBeCloseTo(risk.chance * ifStays * orderValue, 10);
    // Silence over 13 weeks is likelier than over 39.
    expect(risk.chance).toBeGreaterThan(risk.score);
    expect(risk.expectedValue).toBeCloseTo(risk.expectedPurchases * orderValue, 10);
  });

  it('uses the customer average when a stored model has no spend model', () => {
    const s: CustomerSummary = { firstOrderAt: '1997-01-05', lastOrderAt: '1997-06-01', occasions: 4, totalSpend: 120 };
    expect(scoreCustomer(testRiskModel, s, '1997-09-30').expectedOrderValue).toBe(30);
  });
});

describe('the digest ranking', () => {
  const flag = (customerId: string, value: number, valueAtStake?: number): FlagRecord => ({
    sellerId: 's',
    customerId,
    flaggedAt: '2026-01-01T00:00:00.000Z',
    score: 0.8,
    value,
    expectedValue: 0,
    ...(valueAtStake === undefined ? {} : { valueAtStake }),
    currency: 'EUR',
    occasions: 2,
    lastOrder: { orderId: 'o', placedAt: '2025-10-01T00:00:00.000Z', items: [] },
    reason: '',
  });

  it('puts the most value at stake first, not the biggest spender', () => {
    const ranked = rankByValue([flag('big-spender', 1000, 50), flag('at-stake', 200, 150), flag('old-record', 100)]);
    expect(ranked.map((f) => f.customerId)).toEqual(['at-stake', 'old-record', 'big-spender']);
  });
});
