import { type BgNbdParams, type Rfm, crossingTime, expectedPurchases, expectedPurchasesIfAlive, pAlive, probNoPurchase } from './bgnbd';
import { type GammaGammaParams, type SpendSummary, expectedOrderValue, fitGammaGamma } from './gamma-gamma';
import { nelderMead } from './nelder-mead';
import { type GapRfm, type RegularityModel, fitAtK, fitRegularity, firstDayReaching, monotoneSilenceProbability, pAliveRegular } from './regularity';
import {
  type CustomerHistory,
  type CustomerSummary,
  WEEK_DAYS,
  gapsInWeeks,
  occasionsBetween,
  purchaseDays,
  summarise,
  toRfm,
  weeksAfterFirst,
} from './summary';
import { DAY_MS } from '../time';

/**
 * The at-risk score: the probability that a repeat customer buys nothing in the next
 * `horizonWeeks`. Its base is the BG/NBD probability of that silence (dead already, or alive and
 * not buying); a logistic layer then shifts it by what the BG/NBD ignores, the customer's
 * spend and how many repeats they made:
 *
 *   logit(score) = logit(P_BGNBD(no purchase in H)) + w₀ + w_spend·ln(1+spend) + w_repeats·ln(x)
 *
 * The BG/NBD term enters with weight 1 (an offset) so the score keeps its meaning for any
 * horizon and rises monotonically while a customer stays silent: that is what makes the
 * crossing date well defined. All fitting uses the calibration period only.
 */

/** Everything the per-customer scorer needs; plain JSON, stored once per fit. */
export interface RiskModel {
  /** The calibration end the model was fitted at (`YYYY-MM-DD`). */
  fittedAt: string;
  /** The silence the score is about: no purchase within this many weeks. */
  horizonWeeks: number;
  /**
   * The horizon of the chance the reason states: the inner holdout's, on whose labels the recalibration
   * was fitted, so that chance is checked against what happened. Absent in older models: `horizonWeeks`.
   */
  statedHorizonWeeks?: number;
  bgnbd: BgNbdParams;
  /**
   * The logistic recalibration of the model's silence log-odds: its slope (absent in older models: 1)
   * and the shift by spend and repeats. The slope is positive, so the score still rises with silence.
   */
  weights: { intercept: number; logSpend: number; logRepeats: number; offsetSlope?: number };
  /** A repeat customer is at risk when the score reaches this. */
  threshold: number;
  /** A one-time buyer is at risk once this many weeks have passed since their first purchase. */
  oneTimeBuyerWeeks: number;
  /** Gamma-Gamma spend per order; absent in models stored before it (then each customer's own average counts). */
  spend?: GammaGammaParams;
  /**
   * Purchase regularity (BG/CNBD-k, `regularity.ts`): when k > 1 it times P(alive) and the silence
   * probability instead of the BG/NBD; absent (older models) or k = 1: the BG/NBD's memoryless timing.
   * Expected purchase counts stay the BG/NBD's.
   */
  regularity?: RegularityModel;
}

/** How the fit is set up; the defaults suit weekly data with a 39-week calibration. */
export interface RiskFitOptions {
  horizonWeeks?: number;
  /** Length of the calibration's own tail held out to label the logistic layer. */
  innerHoldoutWeeks?: number;
  /** The threshold is the lowest score at which the inner holdout's flags reach this precision. */
  targetPrecision?: number;
  /** Quantile of the repeaters' first-repeat interval after which a one-time buyer counts as at risk. */
  oneTimeBuyerQuantile?: number;
  /** Ridge penalty on the adjustment weights, pulling the score back towards the pure BG/NBD. */
  ridge?: number;
  /** Where the BG/NBD fits start (a previous fit of the same shop); several generic starts when absent. */
  warmStart?: BgNbdParams;
  /** Where the regularity search starts (a previous fit's k and parameters). */
  warmRegularity?: RegularityModel;
  /** The most regular buying the fit considers (Erlang k). */
  maxK?: number;
}

/** One customer's score and the model outputs behind it. */
export interface CustomerRisk {
  /** P(no purchase within the horizon), adjusted; for a one-time buyer the BG/NBD's own value. */
  score: number;
  /** The same at the stated horizon (recalibrated on the inner split): the chance the reason states. */
  chance: number;
  atRisk: boolean;
  /** Which rule decided `atRisk`. */
  rule: 'repeat-model' | 'one-time-buyer';
  pAlive: number;
  /** Expected purchase occasions within the horizon. */
  expectedPurchases: number;
  /** Expected purchases × expected order value. */
  expectedValue: number;
  /** Expected value of one order (Gamma-Gamma: the customer's own average shrunk towards the population's). */
  expectedOrderValue: number;
  /**
   * Value at stake: what the customer would spend within the stated horizon if they stay (expected
   * purchases if alive × expected order value), times the chance that none of it comes. The digest ranks by it.
   */
  valueAtStake: number;
}

/** The fit's defaults. */
export const RISK_FIT_DEFAULTS: Required<Omit<RiskFitOptions, 'warmStart' | 'warmRegularity'>> = {
  horizonWeeks: 39,
  maxK: 12,
  innerHoldoutWeeks: 13,
  targetPrecision: 0.75,
  oneTimeBuyerQuantile: 0.75,
  ridge: 0.01,
};

// How far ahead the crossing-date search looks: past ten years of silence nobody is "about to" lapse.
const SEARCH_WEEKS = 520;

/**
 * Fits the risk model on purchases up to `calibrationEnd`: the BG/NBD on the whole calibration,
 * and the logistic layer and threshold on an inner split (BG/NBD refitted on the calibration
 * minus its last `innerHoldoutWeeks`, labelled by silence in those weeks).
 */
export function fitRiskModel(histories: readonly CustomerHistory[], calibrationEnd: string, options: RiskFitOptions = {}): RiskModel {
  const o = { ...RISK_FIT_DEFAULTS, ...options };
  const summaries = present(histories.map((h) => summarise(h.purchases, calibrationEnd)));
  const customers = present(histories.map((h) => gapRfm(h, calibrationEnd)));
  const poisson = fitAtK(customers, 1, options.warmStart);
  const bgnbd = poisson.params;
  const { k, params } = fitRegularity(customers, { poisson, maxK: o.maxK, start: options.warmRegularity });
  const regularity = { k, params };
  const repeatSpend = summaries.map(spendSummary).filter((s) => s.orders > 0 && s.meanValue > 0);
  const inner = innerTrainingSet(histories, calibrationEnd, o.innerHoldoutWeeks, regularity);
  const weights = fitWeights(inner, o.ridge);
  const scores = inner.map((row) => adjustedScore(weights, row.offset, row.summary));
  return {
    fittedAt: calibrationEnd,
    horizonWeeks: o.horizonWeeks,
    statedHorizonWeeks: o.innerHoldoutWeeks,
    bgnbd,
    weights,
    threshold: precisionThreshold(scores, inner.map((r) => r.silent), o.targetPrecision),
    oneTimeBuyerWeeks: quantile(firstRepeatGaps(histories, calibrationEnd), o.oneTimeBuyerQuantile),
    regularity,
    ...(repeatSpend.length > 0 ? { spend: fitGammaGamma(repeatSpend).params } : {}),
  };
}

/** Scores one customer at `now` from their profile summary and the stored model. */
export function scoreCustomer(model: RiskModel, summary: CustomerSummary, now: string): CustomerRisk {
  const rfm = toRfm(summary, now);
  const expected = expectedPurchases(model.bgnbd, rfm, model.horizonWeeks);
  const timing = timingOf(model);
  const silence = silenceProbability(timing, rfm, model.horizonWeeks);
  const stated = model.statedHorizonWeeks ?? model.horizonWeeks;
  const statedSilence = stated === model.horizonWeeks ? silence : silenceProbability(timing, rfm, stated);
  const orderValue = model.spend ? expectedOrderValue(model.spend, spendSummary(summary)) : averageOrderValue(summary);
  const valueIfStays = expectedPurchasesIfAlive(model.bgnbd, rfm, stated) * orderValue;
  const common = { pAlive: aliveProbability(timing, rfm), expectedPurchases: expected, expectedValue: expected * orderValue, expectedOrderValue: orderValue };
  if (rfm.x === 0) {
    const chance = statedSilence;
    return { ...common, score: silence, chance, valueAtStake: chance * valueIfStays, atRisk: rfm.T >= model.oneTimeBuyerWeeks, rule: 'one-time-buyer' };
  }
  const score = adjustedScore(model.weights, logit(silence), summary);
  const chance = adjustedScore(model.weights, logit(statedSilence), summary);
  return { ...common, score, chance, valueAtStake: chance * valueIfStays, atRisk: score >= model.threshold, rule: 'repeat-model' };
}

/**
 * The instant a customer becomes at risk if they buy nothing more (for the due-date index): the
 * first-purchase day plus the crossing age. Null when the crossing lies beyond the search window.
 */
export function atRiskDate(model: RiskModel, summary: CustomerSummary): string | null {
  if (summary.occasions <= 1) return weeksAfterFirst(summary, model.oneTimeBuyerWeeks);
  const tx = toRfm(summary, summary.lastOrderAt).tx;
  const timing = timingOf(model);
  if (timing.k > 1) {
    const score = (p: number) => adjustedScore(model.weights, logit(p), summary);
    const day = firstDayReaching(timing, { x: summary.occasions - 1, tx }, model.horizonWeeks, model.threshold, score, SEARCH_WEEKS * WEEK_DAYS);
    return day === null ? null : weeksAfterFirst(summary, tx + day / WEEK_DAYS);
  }
  const scoreAtAge = (T: number) => scoreCustomer(model, summary, weeksAfterFirst(summary, T)).score;
  const age = crossingTime(scoreAtAge, model.threshold, tx, tx + SEARCH_WEEKS);
  return age === null ? null : weeksAfterFirst(summary, age);
}

/** The model that times silence: the regularity model when it found regular buying, else the BG/NBD. */
export const timingOf = (model: RiskModel): RegularityModel =>
  model.regularity && model.regularity.k > 1 ? model.regularity : { k: 1, params: model.bgnbd };

/** P(no purchase in the next `t`), rising with silence: the BG/NBD's own at k = 1, the day-by-day running maximum otherwise. */
export const silenceProbability = (timing: RegularityModel, rfm: Rfm, t: number): number =>
  timing.k === 1 ? probNoPurchase(timing.params, rfm, t) : monotoneSilenceProbability(timing, rfm, t);

/** P(alive) under the timing model. */
export const aliveProbability = (timing: RegularityModel, rfm: Rfm): number => (timing.k === 1 ? pAlive(timing.params, rfm) : pAliveRegular(timing, rfm));

/** A customer's summary for the regularity fit at `end`: x, tx, T and the sum of the logs of their gaps; null before their first purchase. */
export function gapRfm(history: CustomerHistory, end: string): GapRfm | null {
  const summary = summarise(history.purchases, end);
  if (!summary) return null;
  return { ...toRfm(summary, end), logGapSum: gapsInWeeks(history.purchases, end).reduce((sum, g) => sum + Math.log(g), 0) };
}

/** Average spend per purchase occasion. */
export const averageOrderValue = (summary: CustomerSummary): number => summary.totalSpend / summary.occasions;

/**
 * The spend model's view of a customer: their repeat purchases and what those averaged, as in Fader,
 * Hardie & Lee (the first purchase is often unlike the rest). Without the first day's spend, every
 * purchase counts.
 */
export function spendSummary(summary: CustomerSummary): SpendSummary {
  if (summary.firstDaySpend === undefined) return { orders: summary.occasions, meanValue: averageOrderValue(summary) };
  const orders = summary.occasions - 1;
  return { orders, meanValue: orders > 0 ? (summary.totalSpend - summary.firstDaySpend) / orders : 0 };
}

interface TrainingRow {
  summary: CustomerSummary;
  /** logit of the BG/NBD silence probability over the inner holdout. */
  offset: number;
  silent: boolean;
}

// Repeat customers at the inner cut, with the inner timing model's view of them (the calibration's k,
// parameters refitted at the cut) and whether they stayed silent.
function innerTrainingSet(histories: readonly CustomerHistory[], calibrationEnd: string, holdoutWeeks: number, regularity: RegularityModel): TrainingRow[] {
  const cut = new Date(Date.parse(calibrationEnd) - holdoutWeeks * WEEK_DAYS * DAY_MS).toISOString().slice(0, 10);
  const known = histories.flatMap((h) => {
    const summary = summarise(h.purchases, cut);
    return summary ? [{ summary, gaps: gapRfm(h, cut)!, silent: occasionsBetween(h.purchases, cut, calibrationEnd) === 0 }] : [];
  });
  const timing = { k: regularity.k, params: fitAtK(known.map((k) => k.gaps), regularity.k, regularity.params).params };
  return known
    .filter((k) => k.summary.occasions > 1)
    .map((k) => ({ summary: k.summary, silent: k.silent, offset: logit(silenceProbability(timing, toRfm(k.summary, cut), holdoutWeeks)) }));
}

// Penalised maximum likelihood of the four recalibration weights (the slope on its log scale, so it stays positive).
function fitWeights(rows: readonly TrainingRow[], ridge: number): RiskModel['weights'] {
  const toWeights = ([intercept = 0, logSpend = 0, logRepeats = 0, logSlope = 0]: readonly number[]) => ({ intercept, logSpend, logRepeats, offsetSlope: Math.exp(logSlope) });
  const objective = (w: readonly number[]): number => {
    const weights = toWeights(w);
    let nll = 0;
    for (const row of rows) {
      const z = linearPredictor(weights, row.offset, row.summary);
      nll += row.silent ? softplus(-z) : softplus(z);
    }
    return nll / rows.length + ridge * ((w[1] ?? 0) ** 2 + (w[2] ?? 0) ** 2 + (w[3] ?? 0) ** 2);
  };
  return toWeights(nelderMead(objective, [0, 0, 0, 0], { initialStep: 0.1 }).x);
}

const adjustment = (w: RiskModel['weights'], s: CustomerSummary): number =>
  w.intercept + w.logSpend * Math.log1p(Math.max(0, s.totalSpend)) + w.logRepeats * Math.log(s.occasions - 1);

const linearPredictor = (w: RiskModel['weights'], offset: number, s: CustomerSummary): number => (w.offsetSlope ?? 1) * offset + adjustment(w, s);

const adjustedScore = (w: RiskModel['weights'], offset: number, s: CustomerSummary): number => sigmoid(linearPredictor(w, offset, s));

/** The lowest score whose flags (score ≥ it) reach `target` precision; the highest score if none does. */
export function precisionThreshold(scores: readonly number[], labels: readonly boolean[], target: number): number {
  const ranked = scores.map((s, i) => [s, labels[i] === true] as const).sort((p, q) => q[0] - p[0]);
  let hits = 0;
  let threshold = ranked[0]?.[0] ?? 1;
  ranked.forEach(([score, positive], k) => {
    if (positive) hits += 1;
    const nextIsTie = ranked[k + 1]?.[0] === score;
    if (!nextIsTie && hits / (k + 1) >= target) threshold = score;
  });
  return threshold;
}

// Weeks from first to second purchase day of the calibration's repeaters. Only gaps that ended
// within the calibration are seen, so this understates long gaps: a deliberately early alarm
// for customers the second-sale flow is working on anyway.
function firstRepeatGaps(histories: readonly CustomerHistory[], calibrationEnd: string): number[] {
  return histories.flatMap((h) => {
    const [first, second] = purchaseDays(h.purchases, calibrationEnd);
    return first && second ? [(Date.parse(second) - Date.parse(first)) / (WEEK_DAYS * DAY_MS)] : [];
  });
}

/** The q-quantile (linear interpolation between order statistics) of a non-empty list. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((p, q2) => p - q2);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const present = <T>(values: readonly (T | null)[]): T[] => values.filter((v): v is T => v !== null);
const logit = (p: number): number => Math.log(p / (1 - p));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
