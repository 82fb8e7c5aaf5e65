import { describe, expect, it } from 'vitest';
import { addCounts, basketIdOf, daysToApply, heldBefore } from '../../../shared/domain/upserve/nightly';

describe('daysToApply', () => {
  it('applies yesterday once it has settled, and not before', () => {
    expect(daysToApply('1997-03-01', '1997-03-03T01:59:00.000Z', 2, 35)).toEqual([]);
    expect(daysToApply('1997-03-01', '1997-03-03T02:00:00.000Z', 2, 35)).toEqual(['1997-03-02']);
    expect(daysToApply('1997-03-02', '1997-03-03T23:00:00.000Z', 2, 35)).toEqual([]);
  });

  it('catches up every day missed since the last applied one, oldest first, across a month end', () => {
    expect(daysToApply('1997-02-26', '1997-03-03T02:30:00.000Z', 2, 35)).toEqual(['1997-02-27', '1997-02-28', '1997-03-01', '1997-03-02']);
  });

  it('starts `maxDays` back on the first run, and never catches up further than that', () => {
    expect(daysToApply(undefined, '1997-03-03T02:30:00.000Z', 2, 3)).toEqual(['1997-02-28', '1997-03-01', '1997-03-02']);
    expect(daysToApply('1996-12-31', '1997-03-03T02:30:00.000Z', 2, 3)).toEqual(['1997-02-28', '1997-03-01', '1997-03-02']);
  });
});

describe('basketIdOf', () => {
  it('puts an order in its customer and UTC calendar quarter', () => {
    expect(basketIdOf({ customerId: 'c-1', placedAt: '1997-03-31T23:59:59.000Z' })).toBe('c-1#1997Q1');
    expect(basketIdOf({ customerId: 'c-1', placedAt: '1997-04-01T00:00:00.000Z' })).toBe('c-1#1997Q2');
    expect(basketIdOf({ customerId: 'a#b', placedAt: '1997-12-01T00:00:00.000Z' })).toBe('a#b#1997Q4');
  });
});

describe('heldBefore', () => {
  const basket = { skus: ['a', 'b', 'c'], added: ['c'], appliedThrough: '1997-03-02' };

  it('is the whole basket for a later day', () => {
    expect([...heldBefore(basket, '1997-03-03')]).toEqual(['a', 'b', 'c']);
  });

  it('gives back what the day itself added when the day is applied again', () => {
    expect([...heldBefore(basket, '1997-03-02')]).toEqual(['a', 'b']);
  });

  it('is empty for a new basket', () => {
    expect(heldBefore(undefined, '1997-03-02').size).toBe(0);
  });
});

describe('addCounts', () => {
  it('adds an increment to counts without changing either', () => {
    const base = { a: 2, b: 1 };
    const increment = { b: 3, c: 1 };
    expect(addCounts(base, increment)).toEqual({ a: 2, b: 4, c: 1 });
    expect(base).toEqual({ a: 2, b: 1 });
  });
});
