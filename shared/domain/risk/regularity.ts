import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import { type BgNbdParams, type Rfm, fitBgNbd } from './bgnbd';
import { nelderMead } from './nelder-mead';

/**
 * Purchase regularity: the BG/CNBD-k model (Platzer & Reutterer 2016; Reutterer, Platzer & Schröder
 * 2021, "Leveraging purchase regularity for predicting customer behavior the easy way"). As the BG/NBD,
 * but while alive the gaps between purchases are Erlang-k with mean 1/λ instead of exponential:
 * k = 1 is the BG/NBD (memoryless buying), a large k a customer who buys like clockwork, for whom a
 * silence of one usual gap is normal and of two is not. λ ~ Gamma(r, α) and the drop-out after each
 * repeat purchase ~ Beta(a, b) as before; k is one per shop, chosen by maximum likelihood.
 *
 * Given λ, x gaps summing to tx and a silence s = T − tx, the Erlang-k likelihood is
 * (kλ)^{kx} e^{−kλ·tx} ∏gᵢ^{k−1}/Γ(k)^x times the chance of no purchase in s, Σ_{j<k} e^{−kλs}(kλs)^j/j!.
 * Integrating λ over its Gamma prior gives, up to the factor k^{kx}·αʳ/Γ(r)·∏gᵢ^{k−1}/Γ(k)^x,
 *   alive at T:           Σ_{j<k} Γ(r+kx+j)·(ks)^j / (j!·(α+kT)^{r+kx+j})
 *   dropped out after tx: Γ(r+kx) / (α+k·tx)^{r+kx}
 * With k = 1 these are the BG/NBD's two terms.
 */

/** The regularity and the population parameters fitted with it. */
export interface RegularityModel {
  /** Erlang shape of the gaps between purchases: 1 = Poisson buying, larger = more regular. */
  k: number;
  params: BgNbdParams;
}

/** A customer summary with the sum of the logs of their gaps (weeks), which the likelihood of k needs. */
export interface GapRfm extends Rfm {
  logGapSum: number;
}

/** A fit at one k and the log-likelihood it reached. */
export interface RegularityFit extends RegularityModel {
  logLikelihood: number;
}

// log Σ_{j<k} Γ(r+kx+j)(k·silence)^j / (j!(α+k·age)^{r+kx+j}): Γ(r+kx)/(α+k·age)^{r+kx} times a sum whose
// terms follow from each other by the factor (r+kx+j)·k·silence / ((j+1)(α+k·age)), all positive and
// below 1e300 for the k and x that occur, so it is summed directly.
function logAliveTerm({ r, alpha }: BgNbdParams, k: number, x: number, silence: number, age: number, logGammaShape = gammaln(r + k * x)): number {
  const shape = r + k * x;
  const base = alpha + k * age;
  let term = 1;
  let sum = 1;
  for (let j = 0; j < k - 1 && silence > 0; j += 1) {
    term *= ((shape + j) * k * silence) / ((j + 1) * base);
    sum += term;
  }
  return logGammaShape - shape * Math.log(base) + Math.log(sum);
}

const logDeadTerm = ({ r, alpha }: BgNbdParams, k: number, x: number, tx: number, logGammaShape = gammaln(r + k * x)): number =>
  logGammaShape - (r + k * x) * Math.log(alpha + k * tx);

// log of the odds a/(b+x−1) · dead/alive: dropped out right after the last purchase rather than still alive at T.
const logDeadOdds = (m: RegularityModel, { x, tx, T }: Rfm): number =>
  Math.log(m.params.a / (m.params.b + x - 1)) + logDeadTerm(m.params, m.k, x, tx) - logAliveTerm(m.params, m.k, x, T - tx, T);

/** One customer's log-likelihood under BG/CNBD-k, constants in k included so that fits at different k compare. */
export function regularityLogLikelihood(m: RegularityModel, c: GapRfm): number {
  return customerTerm(m, c, xTerms(m, c.x));
}

interface XTerms {
  head: number;
  logGammaShape: number;
}

// What depends on x alone: computed once per distinct x in a population.
function xTerms({ params: { r, alpha, a, b }, k }: RegularityModel, x: number): XTerms {
  const head = k * x * Math.log(k) + r * Math.log(alpha) - gammaln(r) - x * gammaln(k) + betaln(a, b + x) - betaln(a, b);
  return { head, logGammaShape: gammaln(r + k * x) };
}

function customerTerm(m: RegularityModel, c: GapRfm, { head, logGammaShape }: XTerms): number {
  const { params, k } = m;
  const alive = logAliveTerm(params, k, c.x, c.T - c.tx, c.T, logGammaShape);
  const gaps = (k - 1) * c.logGapSum;
  if (c.x === 0) return head + gaps + alive;
  const dead = Math.log(params.a / (params.b + c.x - 1)) + logDeadTerm(params, k, c.x, c.tx, logGammaShape);
  return head + gaps + logAddExp(alive, dead);
}

/** Probability that the customer is still alive at age T; 1 for a customer with no repeat purchase. */
export function pAliveRegular(m: RegularityModel, c: Rfm): number {
  return c.x === 0 ? 1 : 1 / (1 + Math.exp(logDeadOdds(m, c)));
}

/** Probability of no purchase in the next `t`: dropped out, or alive and the next gap ends after T + t. */
export function probNoPurchaseRegular(m: RegularityModel, c: Rfm, t: number): number {
  const now = logAliveTerm(m.params, m.k, c.x, c.T - c.tx, c.T);
  const later = logAliveTerm(m.params, m.k, c.x, c.T + t - c.tx, c.T + t);
  if (c.x === 0) return Math.exp(later - now);
  const dead = Math.log(m.params.a / (m.params.b + c.x - 1)) + logDeadTerm(m.params, m.k, c.x, c.tx);
  return Math.exp(logAddExp(later, dead) - logAddExp(now, dead));
}

/** Total log-likelihood of a population at one k. */
export function totalRegularityLogLikelihood(m: RegularityModel, customers: readonly GapRfm[]): number {
  const byX = new Map<number, XTerms>();
  let total = 0;
  for (const c of customers) {
    let terms = byX.get(c.x);
    if (terms === undefined) {
      terms = xTerms(m, c.x);
      byX.set(c.x, terms);
    }
    total += customerTerm(m, c, terms);
  }
  return total;
}

/** Fits (r, α, a, b) at a fixed k by maximum likelihood, from `start` (at k = 1: the BG/NBD fit itself). */
export function fitAtK(customers: readonly GapRfm[], k: number, start?: BgNbdParams): RegularityFit {
  if (k === 1) {
    const params = fitBgNbd(customers, start).params;
    return { k, params, logLikelihood: totalRegularityLogLikelihood({ k, params }, customers) };
  }
  // Beyond e^±LOG_BOUND a parameter is at a boundary (e.g. a, b → ∞: no drop-out); the wall keeps the
  // simplex from crawling towards infinity there.
  const meanNll = (logs: readonly number[]) =>
    logs.some((l) => Math.abs(l) > LOG_BOUND) ? Number.POSITIVE_INFINITY : -totalRegularityLogLikelihood({ k, params: fromLogs(logs) }, customers) / customers.length;
  const from = toLogs(start ?? { r: 1, alpha: 1, a: 1, b: 1 }).map((l) => Math.max(-LOG_BOUND + 1, Math.min(LOG_BOUND - 1, l)));
  let best = nelderMead(meanNll, from, FIT_TOLERANCES);
  for (let restart = 0; restart < 5; restart += 1) {
    const next = nelderMead(meanNll, best.x, { ...FIT_TOLERANCES, initialStep: 0.05 });
    if (!(best.fx - next.fx > 1e-10)) break;
    best = next;
  }
  return { k, params: fromLogs(best.x), logLikelihood: -best.fx * customers.length };
}

const LOG_BOUND = 10;
// Log-parameters to 1e-6 and the mean log-likelihood to 1e-10: far below what the choice of k or a score notices.
const FIT_TOLERANCES = { xTolerance: 1e-6, fTolerance: 1e-10 };

/**
 * Chooses k by maximum likelihood over 1, 2, …, `maxK`: each k's fit starts from the previous one's
 * parameters with α scaled by k/(k−1) (the mean gap stays put), and the search stops once the
 * likelihood has fallen twice in a row (it is unimodal in k on the data tried).
 */
export function fitRegularity(customers: readonly GapRfm[], options: { maxK?: number; start?: RegularityModel; poisson?: RegularityFit } = {}): RegularityFit {
  const maxK = options.maxK ?? 12;
  let best = options.poisson ?? fitAtK(customers, 1, options.start?.k === 1 ? options.start.params : undefined);
  let previous = best;
  let falls = 0;
  for (let k = 2; k <= maxK && falls < 2; k += 1) {
    const warm = options.start?.k === k ? options.start.params : { ...previous.params, alpha: (previous.params.alpha * k) / (k - 1) };
    const fit = fitAtK(customers, k, warm);
    falls = fit.logLikelihood < previous.logLikelihood ? falls + 1 : 0;
    if (fit.logLikelihood > best.logLikelihood) best = fit;
    previous = fit;
  }
  return best;
}

/**
 * Wheat & Morrison (1990), "Estimating purchase regularity with two interpurchase times": for two
 * consecutive Erlang-k gaps, M = g₁/(g₁+g₂) is Beta(k, k) whatever the rate, so Var(M) = 1/(4(2k+1)) and
 * k = (1/(4·Var(M)) − 1)/2. A model-free check on the fitted k; below 1 the buying is burstier than
 * Poisson. NaN with fewer than two pairs.
 */
export function wheatMorrisonK(gapPairs: readonly (readonly [number, number])[]): number {
  const ms = gapPairs.filter(([g1, g2]) => g1 + g2 > 0).map(([g1, g2]) => g1 / (g1 + g2));
  if (ms.length < 2) return Number.NaN;
  const mean = ms.reduce((s, m) => s + m, 0) / ms.length;
  const variance = ms.reduce((s, m) => s + (m - mean) ** 2, 0) / (ms.length - 1);
  return (1 / (4 * variance) - 1) / 2;
}

/**
 * P(no purchase in the next `t`) made monotone in silence. Under regular buying the raw probability is
 * not monotone: right after a purchase a clockwork buyer whose gap is longer than t will surely not buy
 * within t, and as the next order comes due that chance falls before it rises for good. The score takes
 * the running maximum over whole days of silence, so it never falls while a customer stays silent and
 * the first day it reaches a threshold is the at-risk date. At k = 1 the raw probability already rises
 * with silence and this equals it on whole days.
 */
export function monotoneSilenceProbability(m: RegularityModel, c: Rfm, t: number): number {
  const days = Math.floor((c.T - c.tx) * 7 + 1e-9);
  let maximum = 0;
  for (let d = 0; d <= days; d += 1) maximum = Math.max(maximum, probNoPurchaseRegular(m, { ...c, T: c.tx + d / 7 }, t));
  return maximum;
}

/**
 * The first whole day of silence on which `score(P(no purchase in t))` reaches `threshold`, for a
 * `score` that rises with the probability; null if not within `maxDays`.
 */
export function firstDayReaching(m: RegularityModel, c: Pick<Rfm, 'x' | 'tx'>, t: number, threshold: number, score: (p: number) => number, maxDays: number): number | null {
  for (let d = 0; d <= maxDays; d += 1) {
    if (score(probNoPurchaseRegular(m, { ...c, T: c.tx + d / 7 }, t)) >= threshold) return d;
  }
  return null;
}

/**
 * The silence (in the gaps' unit) by which a share `q` of an Erlang-k gap with the given mean has
 * ended: where a buyer of that regularity has clearly missed their rhythm (k = 1: −ln(1−q)·mean).
 */
export function gapQuantile(k: number, mean: number, q: number): number {
  const survival = (s: number) => {
    let term = Math.exp((-k * s) / mean);
    let sum = term;
    for (let j = 1; j < k; j += 1) {
      term *= (k * s) / mean / j;
      sum += term;
    }
    return sum;
  };
  let lo = 0;
  let hi = mean;
  while (survival(hi) > 1 - q) hi *= 2;
  for (let i = 0; i < 60; i += 1) {
    const mid = (lo + hi) / 2;
    if (survival(mid) > 1 - q) lo = mid;
    else hi = mid;
  }
  return hi;
}

const toLogs = ({ r, alpha, a, b }: BgNbdParams): number[] => [r, alpha, a, b].map(Math.log);

function fromLogs(logs: readonly number[]): BgNbdParams {
  const [r = 0, alpha = 0, a = 0, b = 0] = logs.map(Math.exp);
  return { r, alpha, a, b };
}

function logAddExp(u: number, v: number): number {
  const m = Math.max(u, v);
  return m + Math.log(Math.exp(u - m) + Math.exp(v - m));
}
