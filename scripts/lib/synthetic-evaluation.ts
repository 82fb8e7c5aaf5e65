import { type RiskPolicy, atRiskAt, usualIntervalDays } from '../../shared/domain/risk/assess';
import { auc, flagQuality } from '../../shared/domain/risk/metrics';
import { wheatMorrisonK } from '../../shared/domain/risk/regularity';
import { type RiskModel, fitRiskModel, scoreCustomer } from '../../shared/domain/risk/score';
import { type CustomerHistory, gapsInWeeks, occasionsBetween, summarise } from '../../shared/domain/risk/summary';
import { DAY_MS } from '../../shared/domain/time';
import { type Rhythm, SYNTHETIC_SPLIT, syntheticPopulation } from './synthetic-regularity';

/** How one timing model treats a synthetic population at the calibration end. */
export interface TimingOutcome {
  /** Silence at the at-risk date ÷ the customer's usual interval, for customers with ≥ 3 repeats: 10th, 50th and 90th percentile. */
  silenceRatio: [number, number, number];
  /** Share of those customers whose at-risk date comes before 1.25 usual intervals of silence. */
  earlyShare: number;
  /** AUC of the score against no purchase in the holdout, repeat customers. */
  auc: number;
  /** Flags at the calibration end (with the policy's floors) against no purchase in the holdout. */
  precision: number;
  recall: number;
}

/** A population of known regularity, the fitted k and the flags with and without the regularity. */
export interface RegularityCheck {
  rhythm: Rhythm;
  k: number;
  wheatMorrisonK: number;
  withRegularity: TimingOutcome;
  bgnbdOnly: TimingOutcome;
}

/** Fits the risk model on a synthetic population and compares its timing with the same model forced to k = 1. */
export function regularityCheck(rhythm: Rhythm, policy: RiskPolicy, customers = 400): RegularityCheck {
  const histories = syntheticPopulation(rhythm, customers);
  const { calibrationEnd } = SYNTHETIC_SPLIT;
  const model = fitRiskModel(histories, calibrationEnd);
  const pairs = histories.map((h) => gapsInWeeks(h.purchases, calibrationEnd)).filter((g) => g.length >= 2).map((g) => [g[0]!, g[1]!] as const);
  return {
    rhythm,
    k: model.regularity?.k ?? 1,
    wheatMorrisonK: wheatMorrisonK(pairs),
    withRegularity: timingOutcome(model, policy, histories),
    bgnbdOnly: timingOutcome({ ...model, regularity: undefined }, policy, histories),
  };
}

function timingOutcome(model: RiskModel, policy: RiskPolicy, histories: readonly CustomerHistory[]): TimingOutcome {
  const { calibrationEnd, holdoutEnd } = SYNTHETIC_SPLIT;
  const repeaters = histories.flatMap((h) => {
    const summary = summarise(h.purchases, calibrationEnd);
    return summary && summary.occasions > 1 ? [{ summary, silent: occasionsBetween(h.purchases, calibrationEnd, holdoutEnd) === 0 }] : [];
  });
  const ratios = repeaters
    .filter((r) => r.summary.occasions >= 4)
    .map(({ summary }) => {
      const at = atRiskAt(model, policy, summary);
      return at === undefined ? Number.POSITIVE_INFINITY : (Date.parse(at) - Date.parse(summary.lastOrderAt)) / DAY_MS / usualIntervalDays(summary)!;
    })
    .sort((p, q) => p - q);
  const pick = (q: number) => ratios[Math.floor(q * (ratios.length - 1))]!;
  const labels = repeaters.map((r) => r.silent);
  const flags = repeaters.map(({ summary }) => {
    const at = atRiskAt(model, policy, summary);
    return at !== undefined && at <= calibrationEnd;
  });
  const { precision, recall } = flagQuality(flags, labels);
  return {
    silenceRatio: [pick(0.1), pick(0.5), pick(0.9)],
    earlyShare: ratios.filter((r) => r < 1.25).length / ratios.length,
    auc: auc(repeaters.map((r) => scoreCustomer(model, r.summary, calibrationEnd).score), labels),
    precision,
    recall,
  };
}

const fixed = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '∞');

/** Prints the synthetic regularity checks (`npm run eval:risk`). */
export function syntheticRegularity(policy: RiskPolicy): RegularityCheck[] {
  console.log(`\nSynthetic populations of known regularity (400 customers each, ${SYNTHETIC_SPLIT.start} … ${SYNTHETIC_SPLIT.calibrationEnd}, holdout to ${SYNTHETIC_SPLIT.holdoutEnd})`);
  console.log('  rhythm     k  W–M k  timing        silence at flag ÷ usual interval (p10 p50 p90)  flagged < 1.25×   AUC   prec  recall');
  const checks = (['clockwork', 'poisson', 'bursty'] as const).map((rhythm) => regularityCheck(rhythm, policy));
  for (const c of checks) {
    for (const [label, o] of [['with k', c.withRegularity], ['BG/NBD', c.bgnbdOnly]] as const) {
      console.log(
        `  ${c.rhythm.padEnd(10)} ${String(c.k).padStart(2)} ${fixed(c.wheatMorrisonK).padStart(6)}  ${label.padEnd(8)}      ${o.silenceRatio.map((r) => fixed(r).padStart(5)).join(' ')}` +
          `${' '.repeat(34)}${fixed(o.earlyShare).padStart(5)}        ${fixed(o.auc, 3)}  ${fixed(o.precision)}  ${fixed(o.recall)}`,
      );
    }
  }
  return checks;
}
