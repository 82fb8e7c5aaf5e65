/**
 * The nightly bought-together job's bookkeeping: which days of the order log it applies, which basket
 * an order joins, and how a stored basket or count row takes a day's increment exactly once.
 * See docs/upserve.md ("Model job") for the storage layout this serves.
 */
import { addDays } from '../time';

/** The order log keeps a day this long, so a job that was down for weeks still catches up. */
export const ORDER_LOG_DAYS = 35;

/** An order as the up-serve planner logs it for the model: only what the counts need. */
export interface LoggedOrder {
  customerId: string;
  orderId: string;
  /** UTC ISO instant; its calendar quarter picks the basket. */
  placedAt: string;
  skus: string[];
}

/** A customer's basket for one calendar quarter, as stored. */
export interface StoredBasket {
  /** Every sku in the basket, including those of `appliedThrough`. */
  skus: string[];
  /** The skus the day `appliedThrough` added: what a rerun of that day must not count as held before. */
  added: string[];
  /** The last log day (`YYYY-MM-DD`) applied to the basket. */
  appliedThrough: string;
}

/** The UTC day (`YYYY-MM-DD`) an instant falls on: the order log's partition. */
export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/** Basket id of an order: its customer and the calendar quarter (UTC) it was placed in, e.g. `c-1#1997Q3`. */
export function basketIdOf(order: Pick<LoggedOrder, 'customerId' | 'placedAt'>): string {
  const at = new Date(order.placedAt);
  return `${order.customerId}#${at.getUTCFullYear()}Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

/**
 * The log days a run at `now` applies, oldest first: every day after `appliedThrough` whose end lies at
 * least `settleHours` before `now`. With nothing applied yet, it starts `maxDays` back; it never catches
 * up more than `maxDays` at once (older log days have expired).
 */
export function daysToApply(appliedThrough: string | undefined, now: string, settleHours: number, maxDays: number): string[] {
  // A day has ended `settleHours` ago when the day after it started that long ago.
  const lastDay = dayOf(addDays(now, -settleHours / 24 - 1));
  const earliest = dayOf(addDays(`${lastDay}T00:00:00.000Z`, -(maxDays - 1)));
  const first = appliedThrough === undefined || appliedThrough < earliest ? earliest : dayOf(addDays(`${appliedThrough}T00:00:00.000Z`, 1));
  const days: string[] = [];
  for (let day = first; day <= lastDay; day = dayOf(addDays(`${day}T00:00:00.000Z`, 1))) days.push(day);
  return days;
}

/** What a basket held before `day`: a basket already written for `day` (a rerun after a crash) gives back that day's additions. */
export function heldBefore(basket: StoredBasket | undefined, day: string): Set<string> {
  if (!basket) return new Set();
  const added = basket.appliedThrough === day ? new Set(basket.added) : new Set<string>();
  return new Set(basket.skus.filter((sku) => !added.has(sku)));
}

/** Adds one count map to another (in a new object): a product's partner counts plus the night's increment. */
export function addCounts(base: Readonly<Record<string, number>>, increment: Readonly<Record<string, number>>): Record<string, number> {
  const sum = { ...base };
  for (const [sku, n] of Object.entries(increment)) sum[sku] = (sum[sku] ?? 0) + n;
  return sum;
}
