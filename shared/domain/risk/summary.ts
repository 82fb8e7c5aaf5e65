import { DAY_MS } from '../time';
import type { Rfm } from './bgnbd';

/** One purchase: when (ISO date or instant) and how much. */
export interface Purchase {
  at: string;
  amount: number;
}

/** A customer's purchases, in any order. */
export interface CustomerHistory {
  customerId: string;
  purchases: readonly Purchase[];
}

/** What the production profile knows of a buyer: first and last purchase day, occasions and spend. */
export interface CustomerSummary {
  /** Day of the first purchase, `YYYY-MM-DD` or an ISO instant (only the day counts). */
  firstOrderAt: string;
  /** Day of the last purchase. */
  lastOrderAt: string;
  /** Purchase occasions: distinct purchase days, first included. */
  occasions: number;
  totalSpend: number;
  /** Spend on the first purchase day, so the spend model can average the repeat purchases alone; unknown in older summaries. */
  firstDaySpend?: number;
}

/** The model's time unit: one week. */
export const WEEK_DAYS = 7;

/** Summarises the purchases made on or before the day `end` (`YYYY-MM-DD`); null if there are none. */
export function summarise(purchases: readonly Purchase[], end: string): CustomerSummary | null {
  const spendByDay = new Map<string, number>();
  for (const { at, amount } of purchases) {
    const day = dayOf(at);
    if (day <= end) spendByDay.set(day, (spendByDay.get(day) ?? 0) + amount);
  }
  if (spendByDay.size === 0) return null;
  const days = [...spendByDay.keys()].sort();
  let totalSpend = 0;
  for (const spend of spendByDay.values()) totalSpend += spend;
  return { firstOrderAt: days[0]!, lastOrderAt: days[days.length - 1]!, occasions: days.length, totalSpend, firstDaySpend: spendByDay.get(days[0]!)! };
}

/** One summary of two, the `older` one's days never after the `newer` one's: a day both share is one occasion. */
export function appendSummary(older: CustomerSummary, newer: CustomerSummary): CustomerSummary {
  const sharedDay = dayOf(older.lastOrderAt) === dayOf(newer.firstOrderAt);
  const olderFirstDaySpend = older.firstDaySpend ?? 0;
  return {
    firstOrderAt: older.firstOrderAt,
    lastOrderAt: newer.lastOrderAt,
    occasions: older.occasions + newer.occasions - (sharedDay ? 1 : 0),
    totalSpend: older.totalSpend + newer.totalSpend,
    firstDaySpend: sharedDay && older.occasions === 1 ? olderFirstDaySpend + (newer.firstDaySpend ?? 0) : olderFirstDaySpend,
  };
}

/** The distinct purchase days on or before the day `end`, in order. */
export function purchaseDays(purchases: readonly Purchase[], end: string): string[] {
  return [...new Set(purchases.map((p) => dayOf(p.at)).filter((d) => d <= end))].sort();
}

/** Number of purchase days strictly after the day `after` and on or before the day `until`. */
export function occasionsBetween(purchases: readonly Purchase[], after: string, until: string): number {
  const days = new Set(purchases.map((p) => dayOf(p.at)).filter((d) => d > after && d <= until));
  return days.size;
}

/**
 * The BG/NBD summary in weeks at `now`: x repeat occasions, tx first→last purchase day, T first
 * purchase day → `now`. As in the paper, a cut-off day `YYYY-MM-DD` is read as its midnight, so a
 * customer who first bought on the calibration's last day has T = 0.
 */
export function toRfm(summary: CustomerSummary, now: string): Rfm {
  const first = dayStart(summary.firstOrderAt);
  return {
    x: summary.occasions - 1,
    tx: (dayStart(summary.lastOrderAt) - first) / (WEEK_DAYS * DAY_MS),
    T: Math.max(0, (Date.parse(now) - first) / (WEEK_DAYS * DAY_MS)),
  };
}

/** The ISO instant `weeks` after the first purchase day. */
export function weeksAfterFirst(summary: CustomerSummary, weeks: number): string {
  return new Date(dayStart(summary.firstOrderAt) + weeks * WEEK_DAYS * DAY_MS).toISOString();
}

/** The calendar day, `YYYY-MM-DD`, of an ISO date or instant. */
export const dayOf = (at: string): string => at.slice(0, 10);

const dayStart = (at: string): number => Date.parse(dayOf(at));

/** One purchase row of a flat order log. */
export interface PurchaseRow extends Purchase {
  customerId: string;
}

/** Groups a flat order log into one history per customer, ordered by customer id for reproducible runs. */
export function groupHistories(rows: Iterable<PurchaseRow>): CustomerHistory[] {
  const byCustomer = new Map<string, Purchase[]>();
  for (const { customerId, at, amount } of rows) {
    const purchases = byCustomer.get(customerId) ?? [];
    purchases.push({ at, amount });
    byCustomer.set(customerId, purchases);
  }
  return [...byCustomer]
    .sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))
    .map(([customerId, purchases]) => ({ customerId, purchases }));
}

/** Weeks between consecutive purchase days on or before the day `end`. */
export function gapsInWeeks(purchases: readonly Purchase[], end: string): number[] {
  const days = purchaseDays(purchases, end).map((d) => Date.parse(d));
  return days.slice(1).map((day, i) => (day - days[i]!) / (WEEK_DAYS * DAY_MS));
}

/** Calendar days (UTC) from the last purchase day to `now`: what the model counts, and what the seller reads. */
export const daysSilentSince = (lastOrderAt: string, now: string): number =>
  Math.max(0, Math.floor((Date.parse(now) - Date.parse(dayOf(lastOrderAt))) / DAY_MS));
