import { describe, expect, it } from 'vitest';
import { flowUplift, minDetectableUplift, newcombeInterval, revenuePerRecipient, wilson } from '../../../shared/domain/measure/uplift';

describe("Newcombe's interval for a difference of proportions", () => {
  // Newcombe (1998), Statistics in Medicine 17:873–890, table II, method 10.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
  ])('%i/%i vs %i/%i gives [%f, %f] as published', (k1, n1, k2, n2, lo, hi) => {
    const [l, u] = newcombeInterval(k1, n1, k2, n2);
    expect(l).toBeCloseTo(lo, 4);
    expect(u).toBeCloseTo(hi, 4);
  });

  it('stays inside [0, 1] for one group and [-1, 1] for the difference at the extremes', () => {
    expect(wilson(0, 20)[0]).toBe(0);
    expect(wilson(20, 20)[1]).toBe(1);
    const [l, u] = newcombeInterval(10, 10, 0, 20);
    expect(l).toBeGreaterThan(0);
    expect(u).toBeLessThanOrEqual(1);
  });
});

describe('the minimum detectable uplift', () => {
  it('shrinks with the square root of the group sizes', () => {
    const small = minDetectableUplift(10, 100, 10, 100);
    const large = minDetectableUplift(40, 400, 40, 400);
    expect(small / large).toBeCloseTo(2, 6);
    // 2.8 · √(0.1 · 0.9 · 2/100): the textbook 80%-power, 5%-level figure.
    expect(small).toBeCloseTo(2.8016 * Math.sqrt(0.09 * 0.02), 3);
  });

  it('is not zero before anyone converted', () => {
    expect(minDetectableUplift(0, 50, 0, 10)).toBeGreaterThan(0.1);
  });
});

describe('uplift of a flow', () => {
  it('reports exactly the fields of the report: rates, difference, interval, detectable uplift; and revenue per recipient', () => {
    const u = flowUplift('second-sale', { n: 900, converted: 270, revenue: 9000 }, { n: 100, converted: 20, revenue: 500 });
    expect(Object.keys(u)).toEqual(['flow', 'mailed', 'holdout', 'rateMailed', 'rateHoldout', 'uplift', 'ci', 'minDetectable']);
    expect(u).toMatchObject({ flow: 'second-sale', rateMailed: 0.3, rateHoldout: 0.2, uplift: 0.1 });
    expect([revenuePerRecipient(u.mailed), revenuePerRecipient(u.holdout)]).toEqual([10, 5]);
    expect(u.ci![0]).toBeLessThan(0.1);
    expect(u.ci![1]).toBeGreaterThan(0.1);
    expect(u.minDetectable).toBeGreaterThan(0.1); // 100 held out cannot yet detect a 10-point uplift reliably
  });

  it('gives no rate or interval for an empty group instead of dividing by zero', () => {
    const u = flowUplift('win-back', { n: 12, converted: 3, revenue: 40 }, { n: 0, converted: 0, revenue: 0 });
    expect(u).toMatchObject({ rateMailed: 0.25, rateHoldout: null, uplift: null, ci: null, minDetectable: null });
  });
});
