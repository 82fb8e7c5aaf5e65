import gammaln from '@stdlib/math-base-special-gammaln';
import { nelderMead } from './nelder-mead';

/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005b, "RFM and CLV: Using
 * Iso-Value Curves for Customer Base Analysis"; Fader & Hardie, "The Gamma-Gamma Model of Monetary
 * Value", 2013). A customer's order values are Gamma(p, ν) around their own mean p/ν, and ν varies
 * across customers as Gamma(q, γ). Given x orders averaging m, the customer's expected order value
 * is a weighted mean of the population's and their own.
 */

/** The three population parameters. */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** What the model needs of a customer: how many orders it averages over and their mean value. */
export interface SpendSummary {
  orders: number;
  meanValue: number;
}

/** One customer's log-likelihood of their mean order value m over x orders (as in the note and `lifetimes`). */
export function spendLogLikelihood({ p, q, gamma }: GammaGammaParams, { orders: x, meanValue: m }: SpendSummary): number {
  return (
    gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * Math.log(gamma) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(gamma + m * x)
  );
}

/** A fit: parameters and the log-likelihood they reach. */
export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
}

/**
 * Fits (p, q, γ) by maximum likelihood on the customers with at least one order of positive mean
 * value (Nelder–Mead on log-parameters). q must exceed 1 for the population mean to exist; a fit at
 * q ≤ 1 is returned as it is and `expectedOrderValue` then relies on the customer's own mean.
 */
export function fitGammaGamma(customers: readonly SpendSummary[], start: GammaGammaParams = { p: 1, q: 2, gamma: 10 }): GammaGammaFit {
  const usable = customers.filter((c) => c.orders > 0 && c.meanValue > 0);
  if (usable.length === 0) throw new Error('fitGammaGamma: no customer with a positive order value');
  const meanNll = ([lp = 0, lq = 0, lg = 0]: readonly number[]): number => {
    const params = { p: Math.exp(lp), q: Math.exp(lq), gamma: Math.exp(lg) };
    let total = 0;
    for (const c of usable) total += spendLogLikelihood(params, c);
    return -total / usable.length;
  };
  let best = nelderMead(meanNll, [start.p, start.q, start.gamma].map(Math.log));
  for (let restart = 0; restart < 5; restart += 1) {
    const next = nelderMead(meanNll, best.x, { initialStep: 0.05 });
    if (!(best.fx - next.fx > 1e-10)) break;
    best = next;
  }
  const [p = 0, q = 0, gamma = 0] = best.x.map(Math.exp);
  return { params: { p, q, gamma }, logLikelihood: -best.fx * usable.length };
}

/** The population's mean order value, γp/(q−1); infinite when q ≤ 1. */
export const populationOrderValue = ({ p, q, gamma }: GammaGammaParams): number => (q > 1 ? (gamma * p) / (q - 1) : Number.POSITIVE_INFINITY);

/**
 * A customer's expected order value: (γ + m·x)·p / (p·x + q − 1), the population mean for a customer
 * with no orders to average. Where the population mean does not exist (q ≤ 1) the customer's own mean.
 */
export function expectedOrderValue(params: GammaGammaParams, c: SpendSummary): number {
  const { p, q, gamma } = params;
  if (q <= 1) return c.orders > 0 ? c.meanValue : 0;
  if (c.orders <= 0) return populationOrderValue(params);
  return ((gamma + Math.max(0, c.meanValue) * c.orders) * p) / (p * c.orders + q - 1);
}
