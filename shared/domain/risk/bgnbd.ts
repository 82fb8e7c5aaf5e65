import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { nelderMead } from './nelder-mead';

/**
 * The BG/NBD model of Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way".
 * While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each
 * purchase they drop out with probability p ~ Beta(a, b). Time is in whatever unit the
 * summaries use (weeks throughout this project).
 */

/** The four population parameters of the BG/NBD model. */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A customer's purchase summary: repeat occasions `x`, time of the last one `tx` and age `T`, both since the first. */
export interface Rfm {
  x: number;
  tx: number;
  T: number;
}

/** A maximum-likelihood fit: the parameters and the log-likelihood they reach. */
export interface BgNbdFit {
  params: BgNbdParams;
  logLikelihood: number;
}

/** One customer's log-likelihood, equation (6) of the paper, evaluated in log space. */
export function customerLogLikelihood(params: BgNbdParams, c: Rfm): number {
  return headTerm(params, c.x) + tailTerm(params, c);
}

/** Sum of the customers' log-likelihoods. */
export function logLikelihood(params: BgNbdParams, customers: readonly Rfm[]): number {
  // The log-gamma and log-beta part depends on x alone, and few distinct x occur: compute each once.
  const heads = new Map<number, number>();
  let total = 0;
  for (const c of customers) {
    let head = heads.get(c.x);
    if (head === undefined) {
      head = headTerm(params, c.x);
      heads.set(c.x, head);
    }
    total += head + tailTerm(params, c);
  }
  return total;
}

const headTerm = ({ r, alpha, a, b }: BgNbdParams, x: number): number =>
  gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + betaln(a, b + x) - betaln(a, b);

// log of [(α+T)^−(r+x) + δ(x>0)·a/(b+x−1)·(α+tx)^−(r+x)]: still alive at T, or dropped out right after tx.
function tailTerm({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: Rfm): number {
  const survived = -(r + x) * Math.log(alpha + T);
  if (x === 0) return survived;
  const droppedOut = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return logAddExp(survived, droppedOut);
}

// Starting points spread over the usual range of published fits; the best answer wins.
const STARTS: readonly BgNbdParams[] = [
  { r: 1, alpha: 1, a: 1, b: 1 },
  { r: 0.5, alpha: 5, a: 0.5, b: 2 },
  { r: 0.2, alpha: 20, a: 2, b: 5 },
];

/**
 * Fits (r, α, a, b) by maximum likelihood: Nelder–Mead on log-parameters from several starts (or
 * from `start`, e.g. last week's fit), restarted until it stops improving.
 */
export function fitBgNbd(customers: readonly Rfm[], start?: BgNbdParams): BgNbdFit {
  // The mean rather than the sum keeps the tolerances independent of the number of customers.
  const meanNll = (logs: readonly number[]): number => -logLikelihood(fromLogs(logs), customers) / customers.length;
  let best = (start ? [start] : STARTS).map((s) => nelderMead(meanNll, toLogs(s))).reduce((p, q) => (q.fx < p.fx ? q : p));
  // A simplex can collapse before the optimum; a fresh simplex at its answer is the standard remedy.
  for (let restart = 0; restart < 5; restart += 1) {
    const next = nelderMead(meanNll, best.x, { initialStep: 0.05 });
    const gain = best.fx - next.fx;
    if (gain > 0) best = next;
    if (gain < 1e-10) break;
  }
  const params = fromLogs(best.x);
  return { params, logLikelihood: logLikelihood(params, customers) };
}

/** Probability that a customer is still alive at age `T`, equation (13); 1 for a customer with no repeat purchase. */
export function pAlive(params: BgNbdParams, c: Rfm): number {
  if (c.x === 0) return 1;
  return 1 / (1 + Math.exp(logDeadOdds(params, c)));
}

/** Expected purchases in the next `t` periods given the customer's history, equation (10) of the paper. */
export function expectedPurchases(params: BgNbdParams, c: Rfm, t: number): number {
  return expectedPurchasesIfAlive(params, c, t) * pAlive(params, c);
}

/** Expected purchases in the next `t` periods of a customer who is still alive now: what they are worth if they stay. */
export function expectedPurchasesIfAlive(params: BgNbdParams, c: Rfm, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + c.T + t);
  // Equation (10) has ((α+T)/(α+T+t))^(r+x)·2F1(r+x, b+x; a+b+x−1; z) = (1−z)^(r+x)·2F1(…); Euler's
  // transformation turns it into (1−z)^(a−1)·2F1(a+b−1−r, a−1; a+b+x−1; z), whose small upper
  // parameters keep it finite and quickly convergent where the original 2F1 overflows (large x, z → 1).
  const silentPart = Math.pow(1 - z, a - 1) * gauss2F1(a + b - 1 - r, a - 1, a + b + c.x - 1, z);
  return ((a + b + c.x - 1) / (a - 1)) * (1 - silentPart);
}

/** Probability of no purchase at all in the next `t` periods: dead already, or alive and silent. */
export function probNoPurchase(params: BgNbdParams, c: Rfm, t: number): number {
  const alive = pAlive(params, c);
  const silentIfAlive = Math.pow((params.alpha + c.T) / (params.alpha + c.T + t), params.r + c.x);
  return 1 - alive + alive * silentIfAlive;
}

/**
 * The age T at which a silent customer's P(alive) falls to `threshold`, from
 * ((α+T)/(α+tx))^(r+x) = (1/p − 1)(b+x−1)/a. Returns `tx` when P(alive) is already at or
 * below the threshold right after the last purchase, and null for x = 0 (P(alive) stays 1).
 */
export function pAliveCrossingAge({ r, alpha, a, b }: BgNbdParams, c: Pick<Rfm, 'x' | 'tx'>, threshold: number): number | null {
  if (c.x === 0 || threshold >= 1) return null;
  if (threshold <= 0) return null;
  const ratio = ((1 / threshold - 1) * (b + c.x - 1)) / a;
  if (ratio <= 1) return c.tx;
  return (alpha + c.tx) * Math.pow(ratio, 1 / (r + c.x)) - alpha;
}

/**
 * The smallest T in [lo, hi] where a score that grows with T reaches `threshold`, by bisection
 * to `tolerance`; `lo` if it is there already, null if it is not reached by `hi`.
 */
export function crossingTime(score: (T: number) => number, threshold: number, lo: number, hi: number, tolerance = 1e-6): number | null {
  if (score(lo) >= threshold) return lo;
  if (score(hi) < threshold) return null;
  let below = lo;
  let above = hi;
  while (above - below > tolerance) {
    const mid = (below + above) / 2;
    if (score(mid) >= threshold) above = mid;
    else below = mid;
  }
  return above;
}

/**
 * Gauss hypergeometric 2F1 for 0 ≤ z < 1. The library routine agrees with arbitrary-precision
 * values to ~1e-14 on the arguments equation (10) produces (see the tests); should it ever
 * return a non-finite value, the defining power series, convergent for |z| < 1, takes over.
 */
export function gauss2F1(a: number, b: number, c: number, z: number): number {
  const value = hyp2f1(a, b, c, z);
  return Number.isFinite(value) ? value : hypergeometricSeries(a, b, c, z);
}

/** The power series Σ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ, summed until terms stop mattering. */
export function hypergeometricSeries(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000; k += 1) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum)) break;
  }
  return sum;
}

const toLogs = ({ r, alpha, a, b }: BgNbdParams): number[] => [r, alpha, a, b].map(Math.log);

function fromLogs(logs: readonly number[]): BgNbdParams {
  const [r = 0, alpha = 0, a = 0, b = 0] = logs.map(Math.exp);
  return { r, alpha, a, b };
}

// log of (a/(b+x−1))·((α+T)/(α+tx))^(r+x): the odds of having dropped out after the last purchase.
const logDeadOdds = ({ r, alpha, a, b }: BgNbdParams, { x, tx, T }: Rfm): number =>
  Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));

function logAddExp(u: number, v: number): number {
  const m = Math.max(u, v);
  return m + Math.log(Math.exp(u - m) + Math.exp(v - m));
}
