import { describe, expect, it } from 'vitest';
import { auc, flagQuality } from '../../../shared/domain/risk/metrics';

describe('auc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, ½ for a constant score', () => {
    const labels = [false, false, true, true];
    expect(auc([1, 2, 3, 4], labels)).toBe(1);
    expect(auc([4, 3, 2, 1], labels)).toBe(0);
    expect(auc([5, 5, 5, 5], labels)).toBe(0.5);
  });

  it('counts a tied positive–negative pair as one half', () => {
    // Pairs (pos, neg): (3,1) win, (3,2) win, (2,1) win, (2,2) tie → 3.5 / 4.
    expect(auc([1, 2, 2, 3], [false, false, true, true])).toBe(0.875);
  });
});

describe('flagQuality', () => {
  it('measures precision over flags and recall over positives', () => {
    expect(flagQuality([true, true, false, false], [true, false, true, false])).toEqual({ precision: 0.5, recall: 0.5, flagged: 2 });
  });
});
