import type { Customer, LostReason, OrderPlaced, SellerAction } from '../contracts/events';
import { appendSummary, summarise, type CustomerHistory, type CustomerSummary } from './risk/summary';
import { DAY_MS, toUtc } from './time';

/**
 * Orders a profile keeps one by one, the newest by time; older ones fold into
 * {@link CustomerProfile.earlier}. However long a customer's history, the profile stays far below
 * DynamoDB's 400 KB item limit (200 ids of 128 characters with time and total: about 60 KB).
 */
export const RECENT_ORDERS = 200;

/** A customer's active orders older than those the profile keeps one by one, as the figures their readers need. */
export interface EarlierOrders {
  count: number;
  first: { orderId: string; placedAt: string; total: number };
  last: { orderId: string; placedAt: string };
  /** Their purchase days and spend in the profile's currency, as the risk model reads them. */
  summary: CustomerSummary;
}

/** An active order as stored, what folding it needs. */
export interface ActiveOrder {
  orderId: string;
  placedAt: string;
  total: number;
  currency: string;
}

/** What we know of a customer, derived from their active (non-cancelled) orders. */
export interface CustomerProfile {
  customerId: string;
  email: string;
  name?: string;
  sellerId?: string;
  timeZone?: string;
  locale?: string;
  phone?: string;
  company?: string;
  marketingConsent: boolean;
  /**
   * When the order the contact details above came from was placed, but never later than when it
   * arrived (a mis-dated future order must not freeze them): older orders never overwrite them.
   */
  contactAsOf: string;
  /** The newest active orders, at most {@link RECENT_ORDERS}: id → placedAt (UTC ISO). Makes every update of them idempotent. */
  orders: Record<string, string>;
  /** Spend per order of {@link orders} in {@link currency}, so a cancellation can subtract exactly what it added; orders in another currency count as orders but add no spend. */
  totals: Record<string, number>;
  /** The active orders older than {@link orders}, folded; absent until a customer has more than {@link RECENT_ORDERS}. */
  earlier?: EarlierOrders;
  /** The currency of the customer's first order seen: every figure of spend and value is in it, never a sum across currencies. */
  currency: string;
  /** The order claimed as the first purchase; claimed once, released only if that order is cancelled. */
  firstPurchase?: { orderId: string; placedAt: string };
  /** When the risk scorer next looks at this customer: never later than their silence becomes a risk. */
  riskDueAt?: string;
  /** Set while the customer is flagged at risk, until they order again. */
  riskFlag?: RiskFlag;
  /** The customer's earlier flags and how each ended, newest first, at most {@link PAST_FLAGS}: what their seller's card shows. */
  pastFlags?: PastFlag[];
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
  /** What the seller last did about this flag from their digest, if anything. */
  sellerAction?: { action: SellerAction; at: string; reason?: LostReason };
}

/** A flag that ended: the customer came back, or their seller said they were not at risk. */
export interface PastFlag {
  flaggedAt: string;
  score: number;
  endedAt: string;
  ended: 'came-back' | 'not-at-risk';
}

/** Earlier flags a profile keeps: enough for a seller to see a pattern, bounded so the item never outgrows its limit. */
export const PAST_FLAGS = 10;

/** The profile with its flag ended for this reason and kept among the past ones. */
export function endFlag(profile: CustomerProfile & { riskFlag: RiskFlag }, ended: PastFlag['ended'], endedAt: string): CustomerProfile {
  const { flaggedAt, score } = profile.riskFlag;
  return { ...profile, riskFlag: undefined, pastFlags: [{ flaggedAt, score, endedAt, ended }, ...(profile.pastFlags ?? [])].slice(0, PAST_FLAGS) };
}

/** Figures derived from a profile's orders. */
export interface ProfileStats {
  orderCount: number;
  totalSpend: number;
  firstOrderAt?: string;
  lastOrderAt?: string;
  lastOrderId?: string;
}

/** What recording an order means for the customer's lifecycle. */
export type PurchaseOutcome =
  | { kind: 'duplicate' }
  | { kind: 'first'; profile: CustomerProfile }
  | { kind: 'repeat'; profile: CustomerProfile; ordinal: number; daysSincePreviousOrder?: number };

/** Whether applying the order needs the customer's stored orders: it is as old as the folded ones, and only they tell whether it is among them. */
export const orderNeedsStoredOrders = (profile: CustomerProfile, order: Pick<OrderPlaced, 'orderId' | 'placedAt'>): boolean =>
  profile.orders[order.orderId] === undefined && profile.earlier !== undefined && toUtc(order.placedAt) <= profile.earlier.last.placedAt;

/** Whether cancelling the order needs the customer's stored orders: it is not one of those kept one by one, but may be folded. */
export const cancellationNeedsStoredOrders = (profile: CustomerProfile, orderId: string): boolean =>
  profile.orders[orderId] === undefined && profile.earlier !== undefined;

const storedOrdersNeeded = (): never => {
  throw new Error('the customer\'s stored orders are needed for an order as old as the folded ones');
};

const contactOf = (customer: Customer, placedAt: string) => ({
  email: customer.email,
  name: customer.name,
  sellerId: customer.sellerId,
  timeZone: customer.timeZone,
  locale: customer.locale,
  phone: customer.phone,
  company: customer.company,
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
 * its arrival, so an order dated in the future cannot outrank every real one after it. An order as
 * old as the folded ones ({@link orderNeedsStoredOrders}) needs the customer's `stored` active orders, this one included.
 */
export function applyOrder(profile: CustomerProfile, order: OrderPlaced, now: string, stored?: readonly ActiveOrder[]): PurchaseOutcome {
  if (profile.orders[order.orderId] !== undefined) return { kind: 'duplicate' };
  const placedAt = toUtc(order.placedAt);
  const withContact = applyContact(profile, order, now);
  if (orderNeedsStoredOrders(profile, order)) return applyFolded(withContact, stored ?? storedOrdersNeeded(), placedAt);
  const next = evictOldest({
    ...withContact,
    orders: { ...profile.orders, [order.orderId]: placedAt },
    // Without exchange rates an amount in another currency cannot join the sum: the order counts, its amount does not.
    totals: order.currency === profile.currency ? { ...profile.totals, [order.orderId]: order.total } : profile.totals,
  });
  if (!profile.firstPurchase) {
    return { kind: 'first', profile: { ...next, firstPurchase: { orderId: order.orderId, placedAt } } };
  }
  const previous = latestBefore([...Object.values(profile.orders), ...(profile.earlier ? [profile.earlier.last.placedAt] : [])], placedAt);
  return { kind: 'repeat', profile: next, ordinal: orderCount(next), daysSincePreviousOrder: daysBetween(previous, placedAt) };
}

/**
 * The profile with the order's contact details and consent if the order is the newest seen, its
 * date capped at its arrival (`now`); the same profile otherwise. Also for an order cancelled before
 * it arrived: it still tells how to reach the customer and whether they consent.
 */
export function applyContact(profile: CustomerProfile, order: OrderPlaced, now: string): CustomerProfile {
  const placedAt = toUtc(order.placedAt);
  const arrivedAt = toUtc(now);
  const asOf = placedAt < arrivedAt ? placedAt : arrivedAt;
  return asOf >= profile.contactAsOf ? { ...profile, ...contactOf(order.customer, asOf) } : profile;
}

/** Folds the stored orders again; if that changes nothing, the order was among them already. */
function applyFolded(profile: CustomerProfile, stored: readonly ActiveOrder[], placedAt: string): PurchaseOutcome {
  const earlier = refold(profile, stored);
  if (sameFold(earlier, profile.earlier)) return { kind: 'duplicate' };
  const next = { ...profile, earlier };
  const previous = latestBefore(stored.map((o) => toUtc(o.placedAt)).filter((at) => at !== placedAt), placedAt);
  return { kind: 'repeat', profile: next, ordinal: orderCount(next), daysSincePreviousOrder: daysBetween(previous, placedAt) };
}

/** What a cancellation changed: the profile, and the order that became the first purchase, if any. */
export interface CancellationOutcome {
  profile: CustomerProfile;
  newFirstPurchase?: { orderId: string; placedAt: string; total: number };
}

/**
 * Removes a cancelled order; undefined when it was not counted. When it was the first purchase, the
 * earliest remaining order becomes the first purchase (announced again), or the claim is released so
 * the next real order is the first. A folded order ({@link cancellationNeedsStoredOrders}) needs the
 * customer's `stored` active orders, the cancelled one no longer among them.
 */
export function cancelOrder(profile: CustomerProfile, orderId: string, stored?: readonly ActiveOrder[]): CancellationOutcome | undefined {
  const next = withoutOrder(profile, orderId, stored);
  if (next === undefined) return undefined;
  if (profile.firstPurchase?.orderId !== orderId) return { profile: next };
  const newFirstPurchase = earliestOrder(next);
  return { profile: { ...next, firstPurchase: newFirstPurchase && { orderId: newFirstPurchase.orderId, placedAt: newFirstPurchase.placedAt } }, newFirstPurchase };
}

function withoutOrder(profile: CustomerProfile, orderId: string, stored?: readonly ActiveOrder[]): CustomerProfile | undefined {
  if (cancellationNeedsStoredOrders(profile, orderId)) {
    const earlier = refold(profile, stored ?? storedOrdersNeeded());
    return sameFold(earlier, profile.earlier) ? undefined : { ...profile, earlier };
  }
  if (profile.orders[orderId] === undefined) return undefined;
  const { [orderId]: _removedAt, ...orders } = profile.orders;
  const { [orderId]: _removedTotal, ...totals } = profile.totals;
  return { ...profile, orders, totals };
}

/** The customer's earliest active order: the first folded one, or else the earliest kept one. */
function earliestOrder(profile: CustomerProfile): { orderId: string; placedAt: string; total: number } | undefined {
  if (profile.earlier) return profile.earlier.first;
  const [orderId, placedAt] = Object.entries(profile.orders).sort(([, a], [, b]) => a.localeCompare(b))[0] ?? [];
  return orderId === undefined ? undefined : { orderId, placedAt: placedAt!, total: profile.totals[orderId] ?? 0 };
}

/** Order count, spend and first and last order of a profile, folded orders included. */
export function profileStats(profile: Pick<CustomerProfile, 'orders' | 'totals' | 'earlier'>): ProfileStats {
  const byTime = Object.entries(profile.orders).sort(([, a], [, b]) => a.localeCompare(b));
  const [lastOrderId, lastOrderAt] = byTime.at(-1) ?? [profile.earlier?.last.orderId, profile.earlier?.last.placedAt];
  return {
    orderCount: orderCount(profile),
    totalSpend: round2(Object.values(profile.totals).reduce((s, t) => s + t, profile.earlier?.summary.totalSpend ?? 0)),
    firstOrderAt: profile.earlier?.first.placedAt ?? byTime[0]?.[1],
    lastOrderAt,
    lastOrderId,
  };
}

const orderCount = (profile: Pick<CustomerProfile, 'orders' | 'earlier'>): number => Object.keys(profile.orders).length + (profile.earlier?.count ?? 0);

/** Beyond {@link RECENT_ORDERS}, the oldest kept order folds into `earlier`: it is never older than a folded one. */
function evictOldest(profile: CustomerProfile): CustomerProfile {
  if (Object.keys(profile.orders).length <= RECENT_ORDERS) return profile;
  const [orderId, placedAt] = Object.entries(profile.orders).sort(([ia, a], [ib, b]) => a.localeCompare(b) || ia.localeCompare(ib))[0]!;
  const { [orderId]: _at, ...orders } = profile.orders;
  const { [orderId]: total = 0, ...totals } = profile.totals;
  return { ...profile, orders, totals, earlier: foldIn(profile.earlier, { orderId, placedAt, spend: total }) };
}

/** `earlier` computed afresh from the stored active orders that are not kept one by one. */
function refold(profile: CustomerProfile, stored: readonly ActiveOrder[]): EarlierOrders | undefined {
  return stored
    .filter((o) => profile.orders[o.orderId] === undefined)
    .map((o) => ({ orderId: o.orderId, placedAt: toUtc(o.placedAt), spend: o.currency === profile.currency ? o.total : 0 }))
    .sort((a, b) => a.placedAt.localeCompare(b.placedAt) || a.orderId.localeCompare(b.orderId))
    .reduce<EarlierOrders | undefined>(foldIn, undefined);
}

/** Adds an order no older than every folded one. */
function foldIn(earlier: EarlierOrders | undefined, order: { orderId: string; placedAt: string; spend: number }): EarlierOrders {
  const { orderId, placedAt, spend } = order;
  const summary = summarise([{ at: placedAt, amount: spend }], '9999-12-31')!;
  if (!earlier) return { count: 1, first: { orderId, placedAt, total: spend }, last: { orderId, placedAt }, summary };
  return { count: earlier.count + 1, first: earlier.first, last: { orderId, placedAt }, summary: appendSummary(earlier.summary, summary) };
}

/** Field by field: a stored map's keys come back in any order. */
const sameFold = (a: EarlierOrders | undefined, b: EarlierOrders | undefined): boolean => foldFigures(a) === foldFigures(b);
const foldFigures = (e: EarlierOrders | undefined): string =>
  e === undefined ? '' : [e.count, e.first.orderId, e.first.placedAt, e.first.total, e.last.orderId, e.last.placedAt, e.summary.occasions, e.summary.totalSpend, e.summary.firstDaySpend].join('|');

const latestBefore = (times: readonly string[], at: string): string | undefined =>
  times
    .filter((t) => t <= at)
    .sort()
    .at(-1);

const daysBetween = (from: string | undefined, to: string): number | undefined =>
  from === undefined ? undefined : (Date.parse(to) - Date.parse(from)) / DAY_MS;

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * A profile's active orders as a purchase history (same-day orders become one occasion in the
 * summary): those it keeps one by one, or all of them when its `stored` orders are given (needed
 * once it has folded some).
 */
export const historyOf = (profile: Pick<CustomerProfile, 'customerId' | 'orders' | 'totals' | 'currency'>, stored?: readonly ActiveOrder[]): CustomerHistory => ({
  customerId: profile.customerId,
  purchases: stored
    ? stored.map((o) => ({ at: toUtc(o.placedAt), amount: o.currency === profile.currency ? o.total : 0 }))
    : Object.entries(profile.orders).map(([orderId, at]) => ({ at, amount: profile.totals[orderId] ?? 0 })),
});
