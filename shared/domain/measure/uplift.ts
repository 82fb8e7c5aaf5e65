/** Customers of one group of a flow: how many, how many converted, and the revenue attributed to them. */
export interface GroupOutcome {
  n: number;
  converted: number;
  revenue: number;
}

/** Mailed against held out for one flow: the report's `uplift` entry. */
export interface FlowUplift {
  flow: string;
  mailed: GroupOutcome;
  holdout: GroupOutcome;
  rateMailed: number | null;
  rateHoldout: number | null;
  /** rateMailed − rateHoldout. */
  uplift: number | null;
  /** 95% interval of the uplift (Newcombe's hybrid score method, his method 10). */
  ci: [number, number] | null;
  /** The smallest true uplift these group sizes detect with 80% power at the 5% level (two-sided). */
  minDetectable: number | null;
}

const Z95 = 1.959963984540054;
const Z80 = 0.8416212335729143;

/** Wilson's score interval for `k` successes of `n` (n > 0). */
export function wilson(k: number, n: number, z = Z95): [number, number] {
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Newcombe's interval for p1 − p2 from the two Wilson intervals (Newcombe 1998, method 10): good
 * coverage also for small groups and rates near 0 or 1, where the Wald interval fails.
 */
export function newcombeInterval(k1: number, n1: number, k2: number, n2: number, z = Z95): [number, number] {
  const [p1, p2] = [k1 / n1, k2 / n2];
  const [l1, u1] = wilson(k1, n1, z);
  const [l2, u2] = wilson(k2, n2, z);
  const d = p1 - p2;
  return [d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)];
}

/**
 * The minimum detectable uplift: (z₀.₉₇₅ + z₀.₈) · √(p̄(1−p̄)(1/n1 + 1/n2)) with p̄ the pooled rate;
 * when nobody converted yet, the rule of three's 3/n stands in for the rate (a zero rate detects nothing).
 */
export function minDetectableUplift(k1: number, n1: number, k2: number, n2: number): number {
  const pooled = (k1 + k2) / (n1 + n2);
  const p = pooled > 0 ? pooled : Math.min(1, 3 / (n1 + n2));
  return (Z95 + Z80) * Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Uplift of one flow from its two groups; rates and intervals are null while a group is empty. */
export function flowUplift(flow: string, mailed: GroupOutcome, holdout: GroupOutcome): FlowUplift {
  const both = mailed.n > 0 && holdout.n > 0;
  const rate = (g: GroupOutcome) => (g.n > 0 ? round(g.converted / g.n) : null);
  return {
    flow,
    mailed,
    holdout,
    rateMailed: rate(mailed),
    rateHoldout: rate(holdout),
    uplift: both ? round(mailed.converted / mailed.n - holdout.converted / holdout.n) : null,
    ci: both ? (newcombeInterval(mailed.converted, mailed.n, holdout.converted, holdout.n).map((x) => round(x)) as [number, number]) : null,
    minDetectable: both ? round(minDetectableUplift(mailed.converted, mailed.n, holdout.converted, holdout.n)) : null,
  };
}

/** Attributed revenue per customer of a group (recipient, or held-out customer); null for an empty group. */
export const revenuePerRecipient = (g: GroupOutcome): number | null => (g.n > 0 ? round(g.revenue / g.n, 2) : null);
