import gammaln from '@stdlib/math-base-special-gammaln';
import { type Rfm, gauss2F1 } from '../../shared/domain/risk/bgnbd';
import { nelderMead } from '../../shared/domain/risk/nelder-mead';

/**
 * The Pareto/NBD (Schmittlein, Morrison & Colombo 1987) as a reference scorer for the evaluation,
 * following Fader, Hardie & Lee's note "A Note on Deriving the Pareto/NBD Model and Related
 * Expressions" (2005): purchase rate λ ~ Gamma(r, α), lifetime rate μ ~ Gamma(s, β), both continuous.
 * Only the evaluation uses it: the production score keeps the BG/NBD, whose likelihood needs no 2F1.
 */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

// log A₀ of the note (equations 22–23), by whichever of α, β is larger; the 2F1 arguments stay in [0, 1).
function logA0({ r, alpha, s, beta }: ParetoNbdParams, { x, tx, T }: Rfm): number {
  const shape = r + s + x;
  const [base, b, gap] = alpha >= beta ? [alpha, s + 1, alpha - beta] : [beta, r + x, beta - alpha];
  const term = (y: number) => Math.log(gauss2F1(shape, b, shape + 1, gap / (base + y))) - shape * Math.log(base + y);
  const early = term(tx);
  const late = term(T);
  return early + Math.log1p(-Math.exp(late - early));
}

// log of [ (α+T)^−(r+x)(β+T)^−s + s/(r+s+x)·A₀ ]: alive throughout, or died somewhere after tx.
function logTail(p: ParetoNbdParams, c: Rfm): { alive: number; died: number } {
  const alive = -(p.r + c.x) * Math.log(p.alpha + c.T) - p.s * Math.log(p.beta + c.T);
  const died = c.T > c.tx ? Math.log(p.s / (p.r + p.s + c.x)) + logA0(p, c) : Number.NEGATIVE_INFINITY;
  return { alive, died };
}

/** One customer's log-likelihood (the note's equation 19). */
export function paretoNbdLogLikelihood(p: ParetoNbdParams, c: Rfm): number {
  const { alive, died } = logTail(p, c);
  const m = Math.max(alive, died);
  return gammaln(p.r + c.x) - gammaln(p.r) + p.r * Math.log(p.alpha) + p.s * Math.log(p.beta) + m + Math.log(Math.exp(alive - m) + Math.exp(died - m));
}

/** P(alive at T) (equation 24 of the note). */
export function paretoNbdPAlive(p: ParetoNbdParams, c: Rfm): number {
  const { alive, died } = logTail(p, c);
  return 1 / (1 + Math.exp(died - alive));
}

/** Expected purchases in the next t (equation 25 of the note, times P(alive)). */
export function paretoNbdExpected(p: ParetoNbdParams, c: Rfm, t: number): number {
  const ifAlive = ((p.r + c.x) * (p.beta + c.T)) / ((p.alpha + c.T) * (p.s - 1)) * (1 - Math.pow((p.beta + c.T) / (p.beta + c.T + t), p.s - 1));
  return ifAlive * paretoNbdPAlive(p, c);
}

/** Maximum likelihood on log-parameters (Nelder–Mead, restarted until it stops improving). */
export function fitParetoNbd(customers: readonly Rfm[], start: ParetoNbdParams = { r: 0.5, alpha: 10, s: 0.5, beta: 10 }): { params: ParetoNbdParams; logLikelihood: number } {
  const fromLogs = ([r = 0, alpha = 0, s = 0, beta = 0]: readonly number[]): ParetoNbdParams => ({ r: Math.exp(r), alpha: Math.exp(alpha), s: Math.exp(s), beta: Math.exp(beta) });
  const meanNll = (logs: readonly number[]) => {
    const p = fromLogs(logs);
    let total = 0;
    for (const c of customers) total += paretoNbdLogLikelihood(p, c);
    return -total / customers.length;
  };
  let best = nelderMead(meanNll, [start.r, start.alpha, start.s, start.beta].map(Math.log), { xTolerance: 1e-6 });
  for (let restart = 0; restart < 3; restart += 1) {
    const next = nelderMead(meanNll, best.x, { initialStep: 0.05, xTolerance: 1e-6 });
    if (!(best.fx - next.fx > 1e-10)) break;
    best = next;
  }
  return { params: fromLogs(best.x), logLikelihood: -best.fx * customers.length };
}

/** The evaluation's Pareto/NBD reference: fitted on every calibration customer, −E[purchases in the holdout] for the repeat customers. */
export function paretoNbdReference(everyone: readonly Rfm[], repeaters: readonly Rfm[], holdoutWeeks: number): { name: string; scores: number[] }[] {
  const { params } = fitParetoNbd(everyone);
  return [{ name: 'Pareto/NBD −E[purchases in holdout]', scores: repeaters.map((c) => -paretoNbdExpected(params, c, holdoutWeeks)) }];
}
