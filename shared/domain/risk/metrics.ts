import { seededUniform } from '../random';

/** How a set of yes/no flags fares against the true labels. */
export interface FlagQuality {
  precision: number;
  recall: number;
  flagged: number;
}

/**
 * Area under the ROC curve: the chance that a random positive scores above a random negative,
 * ties counting one half (Mann–Whitney U with mid-ranks). NaN without both classes.
 */
export function auc(scores: readonly number[], labels: readonly boolean[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((p, q) => p[0] - q[0]);
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && order[end]![0] === order[start]![0]) end += 1;
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k += 1) {
      if (labels[order[k]![1]]) {
        positives += 1;
        positiveRankSum += midRank;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Precision and recall of flags against labels; precision is NaN when nothing is flagged. */
export function flagQuality(flags: readonly boolean[], labels: readonly boolean[]): FlagQuality {
  let flagged = 0;
  let hits = 0;
  let positives = 0;
  flags.forEach((flag, i) => {
    if (flag) flagged += 1;
    if (labels[i]) positives += 1;
    if (flag && labels[i]) hits += 1;
  });
  return { precision: hits / flagged, recall: hits / positives, flagged };
}

/** One bin of a reliability table: the scores in [from, to), what they said on average and what happened. */
export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  meanScore: number;
  observedRate: number;
}

/** Ten equal-width bins of predicted probability (the last includes 1), with the observed rate of the event in each. */
export function reliabilityTable(scores: readonly number[], labels: readonly boolean[], bins = 10): ReliabilityBin[] {
  const table = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, count: 0, scoreSum: 0, positives: 0 }));
  scores.forEach((score, i) => {
    const bin = table[Math.min(bins - 1, Math.floor(score * bins))]!;
    bin.count += 1;
    bin.scoreSum += score;
    if (labels[i]) bin.positives += 1;
  });
  return table.map(({ from, to, count, scoreSum, positives }) => ({ from, to, count, meanScore: scoreSum / count, observedRate: positives / count }));
}

/** Expected calibration error: the count-weighted mean gap between stated and observed rates over the bins. */
export function expectedCalibrationError(table: readonly ReliabilityBin[]): number {
  const total = table.reduce((n, b) => n + b.count, 0);
  return table.reduce((sum, b) => (b.count ? sum + (b.count / total) * Math.abs(b.meanScore - b.observedRate) : sum), 0);
}

/** A point estimate and its 95 % percentile interval. */
export interface Interval {
  estimate: number;
  ci: [number, number];
}

/**
 * Paired bootstrap of AUCs: resamples the customers `rounds` times (seeded, reproducible) and on each
 * resample computes the score's AUC and its difference to every reference on the same customers.
 * Returns the score's 95 % interval and each difference's.
 */
export function pairedBootstrapAuc(
  score: readonly number[],
  references: readonly (readonly number[])[],
  labels: readonly boolean[],
  rounds = 1000,
  seed = 13,
): { scoreCi: [number, number]; differences: Interval[] } {
  const random = seededUniform(seed);
  const n = labels.length;
  const scoreAucs: number[] = [];
  const diffs: number[][] = references.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    const pick = Array.from({ length: n }, () => Math.floor(random() * n));
    const sampledLabels = pick.map((i) => labels[i]!);
    const own = auc(pick.map((i) => score[i]!), sampledLabels);
    scoreAucs.push(own);
    references.forEach((ref, r) => diffs[r]!.push(own - auc(pick.map((i) => ref[i]!), sampledLabels)));
  }
  const ownAuc = auc(score, labels);
  return {
    scoreCi: percentileInterval(scoreAucs),
    differences: references.map((ref, r) => ({ estimate: ownAuc - auc(ref, labels), ci: percentileInterval(diffs[r]!) })),
  };
}

function percentileInterval(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((p, q) => p - q);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  return [at(0.025), at(0.975)];
}
