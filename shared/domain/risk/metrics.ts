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
