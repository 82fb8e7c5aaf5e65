import { describe, expect, it } from 'vitest';
import { auc, expectedCalibrationError, flagQuality, pairedBootstrapAuc, reliabilityTable } from '../../../shared/domain/risk/metrics';

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

describe('reliability, calibration error and the paired bootstrap', () => {
  it('bins stated probabilities and measures the count-weighted gap to what happened', () => {
    const scores = [0.05, 0.05, 0.95, 0.95, 0.95, 0.95, 1];
    const labels = [false, false, true, true, true, false, true];
    const table = reliabilityTable(scores, labels);
    expect(table).toHaveLength(10);
    expect(table[0]).toMatchObject({ count: 2, meanScore: 0.05, observedRate: 0 });
    expect(table[9]).toMatchObject({ count: 5, observedRate: 0.8 });
    expect(table[9]!.meanScore).toBeCloseTo(0.96, 10);
    expect(expectedCalibrationError(table)).toBeCloseTo((2 / 7) * 0.05 + (5 / 7) * 0.16, 10);
  });

  it('gives an interval around the AUC and a difference of zero against the same score', () => {
    const scores = Array.from({ length: 400 }, (_, i) => (i % 10) + (i % 3));
    const labels = scores.map((s, i) => s + (i % 7) > 9);
    const { scoreCi, differences } = pairedBootstrapAuc(scores, [scores, scores.map((s) => -s)], labels, 200);
    const own = auc(scores, labels);
    expect(scoreCi[0]).toBeLessThan(own);
    expect(scoreCi[1]).toBeGreaterThan(own);
    expect(differences[0]).toEqual({ estimate: 0, ci: [0, 0] });
    expect(differences[1]!.ci[0]).toBeGreaterThan(0);
  });
});
