import { describe, expect, it } from 'vitest';
import { cdnowHistories } from '../../../scripts/lib/risk-evaluation';
import { auc } from '../../../shared/domain/risk/metrics';
import { testRiskModel } from '../../support/risk-model';
import { atRiskDate, fitRiskModel, precisionThreshold, quantile, scoreCustomer } from '../../../shared/domain/risk/score';
import { type CustomerSummary, occasionsBetween, summarise } from '../../../shared/domain/risk/summary';

const model = testRiskModel;
const regular: CustomerSummary = { firstOrderAt: '1997-01-05', lastOrderAt: '1997-06-01', occasions: 4, totalSpend: 120 };

describe('scoreCustomer', () => {
  it('treats a one-time buyer as alive and applies the population fallback', () => {
    const once: CustomerSummary = { firstOrderAt: '1997-01-05', lastOrderAt: '1997-01-05', occasions: 1, totalSpend: 20 };
    const early = scoreCustomer(model, once, '1997-03-01');
    expect(early).toMatchObject({ pAlive: 1, rule: 'one-time-buyer', atRisk: false });
    expect(scoreCustomer(model, once, '1997-04-20').atRisk).toBe(true); // 15 weeks > 14
  });

  it('rises while a repeat customer stays silent and falls after a new purchase', () => {
    const scores = ['1997-06-15', '1997-08-01', '1997-10-01', '1998-01-01'].map((now) => scoreCustomer(model, regular, now).score);
    for (let i = 1; i < scores.length; i += 1) expect(scores[i]).toBeGreaterThan(scores[i - 1]!);
    const bought = { ...regular, lastOrderAt: '1997-12-20', occasions: 5, totalSpend: 150 };
    expect(scoreCustomer(model, bought, '1998-01-01').score).toBeLessThan(scores[3]!);
  });

  it('values expected purchases at the average order value', () => {
    const risk = scoreCustomer(model, regular, '1997-09-30');
    expect(risk.expectedValue).toBeCloseTo(risk.expectedPurchases * 30, 10);
    expect(risk.pAlive).toBeGreaterThan(0);
    expect(risk.pAlive).toBeLessThan(1);
  });
});

describe('atRiskDate', () => {
  it('is the day the score reaches the threshold: not at risk just before, at risk just after', () => {
    const date = atRiskDate(model, regular)!;
    const day = 86_400_000;
    expect(scoreCustomer(model, regular, date).score).toBeCloseTo(model.threshold, 4);
    expect(scoreCustomer(model, regular, new Date(Date.parse(date) - day).toISOString()).atRisk).toBe(false);
    expect(scoreCustomer(model, regular, new Date(Date.parse(date) + day).toISOString()).atRisk).toBe(true);
  });

  it('is the fallback age for a one-time buyer', () => {
    const once: CustomerSummary = { firstOrderAt: '1997-01-05', lastOrderAt: '1997-01-05', occasions: 1, totalSpend: 20 };
    expect(atRiskDate(model, once)).toBe('1997-04-13T00:00:00.000Z');
  });
});

describe('precisionThreshold and quantile', () => {
  it('picks the lowest score whose flags reach the target precision, never splitting ties', () => {
    const scores = [0.9, 0.8, 0.7, 0.7, 0.6, 0.5];
    const labels = [true, true, true, false, false, true];
    // Flags ≥ 0.7 hold 3 of 4 positives (0.75); ≥ 0.6 drops to 0.6.
    expect(precisionThreshold(scores, labels, 0.75)).toBe(0.7);
    expect(precisionThreshold(scores, labels, 1)).toBe(0.8);
  });

  it('interpolates between order statistics', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([10, 20], 0.75)).toBe(17.5);
  });
});

describe('fitRiskModel on the CDNOW sample', () => {
  const histories = cdnowHistories('cdnow-sample');
  const fitted = fitRiskModel(histories, '1997-09-30');

  it('stores a JSON-ready model with the calibration BG/NBD and a threshold in (0, 1)', () => {
    expect(JSON.parse(JSON.stringify(fitted))).toEqual(fitted);
    expect(fitted.fittedAt).toBe('1997-09-30');
    expect(fitted.bgnbd.r).toBeCloseTo(0.243, 2);
    expect(fitted.threshold).toBeGreaterThan(0);
    expect(fitted.threshold).toBeLessThan(1);
    expect(fitted.oneTimeBuyerWeeks).toBeGreaterThan(4);
    // The Gamma-Gamma spend model of Fader & Hardie's note on the same customers: p = 6.25, q = 3.74, γ = 15.44.
    expect(fitted.spend?.p).toBeCloseTo(6.25, 1);
    expect(fitted.spend?.gamma).toBeCloseTo(15.44, 1);
  });

  it('ranks next-39-week silence of repeat customers at least as well as 1 − P(alive)', () => {
    const repeaters = histories.flatMap((h) => {
      const s = summarise(h.purchases, '1997-09-30');
      return s && s.occasions > 1 ? [{ s, silent: occasionsBetween(h.purchases, '1997-09-30', '1998-06-30') === 0 }] : [];
    });
    const risks = repeaters.map((r) => scoreCustomer(fitted, r.s, '1997-09-30'));
    const labels = repeaters.map((r) => r.silent);
    expect(auc(risks.map((r) => r.score), labels)).toBeGreaterThan(auc(risks.map((r) => 1 - r.pAlive), labels) + 0.01);
  });
});
