import type { Customer, OrderPlaced } from '../contracts/events';
import { DAY_MS, toUtc } from './time';

/** What we know of a customer, derived from their active (non-cancelled) orders. */
export interface CustomerProfile {
  customerId: string;
  email: string;
  name?: string;
  sellerId?: string;
  timeZone?: string;
  locale?: string;
  marketingConsent: boolean;
  /**
   * When the order the contact details above came from was placed, but never later than when it
   * arrived (a mis-dated future order must not freeze them): older orders never overwrite them.
   */
  contactAsOf: string;
  /** Active orders: id → placedAt (UTC ISO). Small (one entry per order) and makes every update idempotent. */
  orders: Record<string, string>;
  /** Spend per active order in {@link currency}, so a cancellation can subtract exactly what it added; orders in another currency count as orders but add no spend. */
  totals: Record<string, number>;
  /** The currency of the customer's first order seen: every figure of spend and value is in it, never a sum across currencies. */
  currency: string;
  /** The order claimed as the first purchase; claimed once, released only if that order is cancelled. */
  firstPurchase?: { orderId: string; placedAt: string };
  /** When the risk scorer next looks at this customer: never later than their silence becomes a risk. */
  riskDueAt?: string;
  /** Set while the customer is flagged at risk, until they order again. */
  riskFlag?: RiskFlag;
  /** Optimistic-concurrency version; 0 for a profile not yet stored. */
  version: number;
}

/** A customer's at-risk flag: when, for which silence (the last order before it), score and the seller told. */
export interface RiskFlag {
  flaggedAt: string;
  lastOrderId: string;
  lastOrderAt: string;
  sellerId: string;
  score: number;
}

/** Figures derived from a profile's orders. */
export interface ProfileStats {
  orderCount: number;
  totalSpend: number;
  firstOrderAt?: string;
  lastOrderAt?: string;
  lastOrderId?: string;
  /** Mean and standard deviation of days between consecutive orders (needs ≥ 2 orders). */
  meanIntervalDays?: number;
  stdIntervalDays?: number;
}

/** What recording an order means for the customer's lifecycle. */
export type PurchaseOutcome =
  | { kind: 'duplicate' }
  | { kind: 'first'; profile: CustomerProfile }
  | { kind: 'repeat'; profile: CustomerProfile; ordinal: number; daysSincePreviousOrder?: number };

const contactOf = (customer: Customer, placedAt: string) => ({
  email: customer.email,
  name: customer.name,
  sellerId: customer.sellerId,
  timeZone: customer.timeZone,
  locale: customer.locale,
  marketingConsent: customer.marketingConsent,
  contactAsOf: placedAt,
});

/** An empty profile for a customer seen for the first time: the first order applied to it sets its contact details. */
export function newProfile(order: OrderPlaced): CustomerProfile {
  return {
    customerId: order.customer.id,
    ...contactOf(order.customer, ''),
    orders: {},
    totals: {},
    currency: order.currency,
    version: 0,
  };
}

/**
 * Applies an order that arrived at `now` to a profile: idempotent, order-independent, and claims the
 * first purchase once. Contact details and consent come from the newest order, its date capped at
 * its arrival, so an order dated in the future cannot outrank every real one after it.
 */
export function applyOrder(profile: CustomerProfile, order: OrderPlaced, now: string): PurchaseOutcome {
  if (profile.orders[order.orderId] !== undefined) return { kind: 'duplicate' };
  const placedAt = toUtc(order.placedAt);
  const arrivedAt = toUtc(now);
  const asOf = placedAt < arrivedAt ? placedAt : arrivedAt;
  const next: CustomerProfile = {
    ...profile,
    ...(asOf >= profile.contactAsOf ? contactOf(order.customer, asOf) : {}),
    orders: { ...profile.orders, [order.orderId]: placedAt },
    // Without exchange rates an amount in another currency cannot join the sum: the order counts, its amount does not.
    totals: order.currency === profile.currency ? { ...profile.totals, [order.orderId]: order.total } : profile.totals,
  };
  if (!profile.firstPurchase) {
    return { kind: 'first', profile: { ...next, firstPurchase: { orderId: order.orderId, placedAt } } };
  }
  const previous = latestBefore(profile.orders, placedAt);
  return {
    kind: 'repeat',
    profile: next,
    ordinal: Object.keys(next.orders).length,
    daysSincePreviousOrder: previous === undefined ? undefined : (Date.parse(placedAt) - Date.parse(previous)) / DAY_MS,
  };
}

/** What a cancellation changed: the profile, and the order that became the first purchase, if any. */
export interface CancellationOutcome {
  profile: CustomerProfile;
  newFirstPurchase?: { orderId: string; placedAt: string };
}

/**
 * Removes a cancelled order. When it was the first purchase, the earliest remaining order becomes the
 * first purchase (announced again), or the claim is released so the next real order is the first.
 */
export function cancelOrder(profile: CustomerProfile, orderId: string): CancellationOutcome | undefined {
  if (profile.orders[orderId] === undefined) return undefined;
  const { [orderId]: _removedAt, ...orders } = profile.orders;
  const { [orderId]: _removedTotal, ...totals } = profile.totals;
  const next: CustomerProfile = { ...profile, orders, totals };
  if (profile.firstPurchase?.orderId !== orderId) return { profile: next };
  const earliest = Object.entries(orders).sort(([, a], [, b]) => a.localeCompare(b))[0];
  const newFirstPurchase = earliest && { orderId: earliest[0], placedAt: earliest[1] };
  return { profile: { ...next, firstPurchase: newFirstPurchase }, newFirstPurchase };
}

/** Order count, spend, first/last order and the inter-order interval statistics of a profile. */
export function profileStats(profile: Pick<CustomerProfile, 'orders' | 'totals'>): ProfileStats {
  const byTime = Object.entries(profile.orders).sort(([, a], [, b]) => a.localeCompare(b));
  const intervals = byTime.slice(1).map(([, at], i) => (Date.parse(at) - Date.parse(byTime[i]![1])) / DAY_MS);
  const mean = intervals.length ? intervals.reduce((s, d) => s + d, 0) / intervals.length : undefined;
  const variance =
    mean === undefined ? undefined : intervals.reduce((s, d) => s + (d - mean) ** 2, 0) / intervals.length;
  const last = byTime.at(-1);
  return {
    orderCount: byTime.length,
    totalSpend: round2(Object.values(profile.totals).reduce((s, t) => s + t, 0)),
    firstOrderAt: byTime[0]?.[1],
    lastOrderAt: last?.[1],
    lastOrderId: last?.[0],
    meanIntervalDays: mean,
    stdIntervalDays: variance === undefined ? undefined : Math.sqrt(variance),
  };
}

const latestBefore = (orders: Record<string, string>, at: string): string | undefined =>
  Object.values(orders)
    .filter((t) => t <= at)
    .sort()
    .at(-1);

const round2 = (n: number): number => Math.round(n * 100) / 100;
