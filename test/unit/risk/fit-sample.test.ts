import { describe, expect, it } from 'vitest';
import { fitSample } from '../../../shared/domain/risk/fit-sample';

const customers = (n: number) => Array.from({ length: n }, (_, i) => ({ customerId: `c-${i}`, purchases: [] }));

describe('fitSample', () => {
  it('keeps everyone up to the limit', () => {
    const all = customers(50);
    expect(fitSample(all, 50)).toBe(all);
  });

  it('keeps the same customers from week to week, whatever order they are read in, and only the limit', () => {
    const all = customers(1000);
    const sample = fitSample(all, 300).map((h) => h.customerId);
    expect(sample).toHaveLength(300);
    expect(new Set(sample).size).toBe(300);
    const nextWeek = fitSample([...all].reverse().concat(customers(1010).slice(1000)), 300).map((h) => h.customerId);
    expect(nextWeek.filter((id) => sample.includes(id)).length).toBeGreaterThan(290);
    // Spread over the ids, not the first or last ones read.
    expect(sample.filter((id) => Number(id.slice(2)) < 500).length).toBeGreaterThan(100);
    expect(sample.filter((id) => Number(id.slice(2)) >= 500).length).toBeGreaterThan(100);
  });
});
