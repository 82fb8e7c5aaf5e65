import { describe, expect, it } from 'vitest';
import {
  addBaskets,
  emptyCoPurchase,
  toBasketUpdates,
  topRelated,
  type BasketOrder,
} from '../../../shared/domain/upserve/co-purchase';

const order = (basketId: string, ...skus: string[]): BasketOrder => ({ basketId, skus });

const history: BasketOrder[] = [
  order('alice', 'cd-1', 'kit'),
  order('bob', 'cd-1', 'cd-2'),
  order('alice', 'cd-2'),
  order('carol', 'kit'),
  order('bob', 'cd-1', 'wallet'),
  order('carol', 'cd-2', 'kit', 'kit'),
];

describe('addBaskets', () => {
  it('counts baskets, items and pairs per customer basket, in both directions', () => {
    const state = addBaskets(emptyCoPurchase(), toBasketUpdates(history, new Map()));
    expect(state.baskets).toBe(3);
    expect(state.items).toEqual({ 'cd-1': 2, kit: 2, 'cd-2': 3, wallet: 1 });
    expect(state.pairs['cd-2']).toEqual({ 'cd-1': 2, kit: 2, wallet: 1 });
    expect(state.pairs.kit?.['cd-2']).toBe(2);
  });

  it('adding new orders to stored counts equals counting everything at once', () => {
    const batch = addBaskets(emptyCoPurchase(), toBasketUpdates(history, new Map()));
    for (let split = 0; split <= history.length; split++) {
      const held = new Map<string, Set<string>>();
      const state = addBaskets(emptyCoPurchase(), toBasketUpdates(history.slice(0, split), held));
      addBaskets(state, toBasketUpdates(history.slice(split), held));
      expect(state).toEqual(batch);
    }
  });

  it('the increment of new orders merged into stored counts equals the batch counts', () => {
    const held = new Map<string, Set<string>>();
    const stored = addBaskets(emptyCoPurchase(), toBasketUpdates(history.slice(0, 3), held));
    const increment = addBaskets(emptyCoPurchase(), toBasketUpdates(history.slice(3), held));
    const merged = structuredClone(stored);
    merged.baskets += increment.baskets;
    for (const [sku, n] of Object.entries(increment.items)) merged.items[sku] = (merged.items[sku] ?? 0) + n;
    for (const [sku, row] of Object.entries(increment.pairs)) {
      for (const [other, n] of Object.entries(row)) (merged.pairs[sku] ??= {})[other] = (merged.pairs[sku]?.[other] ?? 0) + n;
    }
    expect(merged).toEqual(addBaskets(emptyCoPurchase(), toBasketUpdates(history, new Map())));
  });

  it('counts a repeat purchase of an item already in the basket once', () => {
    const state = addBaskets(emptyCoPurchase(), toBasketUpdates([order('a', 'x', 'y'), order('a', 'x')], new Map()));
    expect(state).toEqual({ baskets: 1, items: { x: 1, y: 1 }, pairs: { x: { y: 1 }, y: { x: 1 } } });
  });
});

describe('topRelated', () => {
  // 100 customers, 7 of whom buy nothing (no basket): the best-seller is in 90 baskets, 8 of the
  // 10 with "strings" among them; "tuner" is in 6 baskets, 5 of them with "strings".
  const baskets: BasketOrder[] = Array.from({ length: 100 }, (_, i) => {
    const skus = [i < 90 ? 'best-seller' : undefined, i >= 82 && i < 92 ? 'strings' : undefined, i >= 87 && i < 93 ? 'tuner' : undefined];
    return order(`c${i}`, ...skus.filter((s) => s !== undefined));
  });
  const state = addBaskets(emptyCoPurchase(), toBasketUpdates(baskets, new Map()));

  it('ranks a specific companion above a best-seller seen together more often', () => {
    expect(state.pairs.strings).toEqual({ 'best-seller': 8, tuner: 5 });
    for (const measure of ['lift', 'cosine'] as const) {
      const related = topRelated(state, 'strings', { minSupport: 2, topN: 5, measure });
      expect(related.map((r) => r.sku)).toEqual(['tuner', 'best-seller']);
    }
  });

  it('scores lift as observed over expected co-occurrence and reports confidence', () => {
    const [tuner, bestSeller] = topRelated(state, 'strings', { minSupport: 2, topN: 5, measure: 'lift' });
    expect(state.baskets).toBe(93);
    expect(tuner).toEqual({ sku: 'tuner', score: (5 * 93) / (10 * 6), together: 5, confidence: 0.5 });
    expect(bestSeller?.score).toBeCloseTo((8 * 93) / (10 * 90));
  });

  it('drops pairs below the minimum support and keeps topN', () => {
    expect(topRelated(state, 'strings', { minSupport: 6, topN: 5 }).map((r) => r.sku)).toEqual(['best-seller']);
    expect(topRelated(state, 'strings', { minSupport: 1, topN: 1 })).toHaveLength(1);
    expect(topRelated(state, 'unknown', { minSupport: 1, topN: 3 })).toEqual([]);
  });
});
