import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderPlaced } from '../../shared/contracts/events';
import {
  type ActiveOrder,
  applyOrder,
  cancellationNeedsStoredOrders,
  cancelOrder,
  newProfile,
  orderNeedsStoredOrders,
  profileStats,
  RECENT_ORDERS,
  type CustomerProfile,
} from '../../shared/domain/purchase';
import { summaryOf } from '../../shared/domain/risk/assess';
import { summarise } from '../../shared/domain/risk/summary';
import { anOrder } from '../support/builders';

const applied = (profile: CustomerProfile, ...orders: Parameters<typeof anOrder>[0][]) =>
  orders.reduce((p, o) => {
    const order = anOrder(o);
    const outcome = applyOrder(p, order, order.placedAt);
    return outcome.kind === 'duplicate' ? p : outcome.profile;
  }, profile);

describe('purchase rules', () => {
  const empty = newProfile(anOrder({ placedAt: '2025-12-01T00:00:00Z' }));

  it('claims the first purchase on the first order and counts later ones as repeats with their ordinal', () => {
    const first = applyOrder(empty, anOrder({ orderId: 'a', placedAt: '2026-01-01T00:00:00Z' }), '2026-01-01T00:00:00Z');
    expect(first.kind).toBe('first');
    const second = applyOrder(first.kind === 'first' ? first.profile : empty, anOrder({ orderId: 'b', placedAt: '2026-01-11T00:00:00Z' }), '2026-01-11T00:00:00Z');
    expect(second).toMatchObject({ kind: 'repeat', ordinal: 2, daysSincePreviousOrder: 10 });
  });

  it('recognises an order it has already applied', () => {
    expect(applyOrder(applied(empty, { orderId: 'a' }), anOrder({ orderId: 'a' }), '2026-06-01T00:00:00Z')).toEqual({ kind: 'duplicate' });
  });

  it('derives order count, spend and first and last order', () => {
    const profile = applied(
      empty,
      { orderId: 'a', placedAt: '2026-01-01T00:00:00Z', total: 10 },
      { orderId: 'c', placedAt: '2026-01-31T00:00:00Z', total: 30.05 },
      { orderId: 'b', placedAt: '2026-01-11T00:00:00Z', total: 20 },
    );
    expect(profileStats(profile)).toEqual({
      orderCount: 3,
      totalSpend: 60.05,
      firstOrderAt: '2026-01-01T00:00:00.000Z',
      lastOrderAt: '2026-01-31T00:00:00.000Z',
      lastOrderId: 'c',
    });
  });

  it('keeps the newest contact details whatever the arrival order', () => {
    const newer = { ...anOrder().customer, email: 'new@example.com', marketingConsent: false };
    const profile = applied(empty, { orderId: 'b', placedAt: '2026-02-01T00:00:00Z', customer: newer }, { orderId: 'a', placedAt: '2026-01-01T00:00:00Z' });
    expect(profile).toMatchObject({ email: 'new@example.com', marketingConsent: false });
  });

  it('follows the newest real order: one dated far in the future does not freeze contact and consent', () => {
    const consenting = { ...anOrder().customer, email: 'old@example.com', marketingConsent: true };
    const withdrawn = { ...anOrder().customer, email: 'new@example.com', marketingConsent: false };
    // The shop's clock was off: an order arriving in March 2026 says it was placed in 2099.
    const misdated = applyOrder(empty, anOrder({ orderId: 'a', placedAt: '2099-01-01T00:00:00Z', customer: consenting }), '2026-03-01T00:00:00Z');
    const profile = misdated.kind === 'first' ? misdated.profile : empty;
    const later = applyOrder(profile, anOrder({ orderId: 'b', placedAt: '2026-04-01T00:00:00Z', customer: withdrawn }), '2026-04-01T00:05:00Z');
    expect(later.kind === 'repeat' && later.profile).toMatchObject({ email: 'new@example.com', marketingConsent: false });
  });

  it('never adds up amounts in different currencies: an order in another currency counts, its amount does not', () => {
    const profile = applied(
      empty,
      { orderId: 'a', placedAt: '2026-01-01T00:00:00Z', total: 10 },
      { orderId: 'b', placedAt: '2026-01-11T00:00:00Z', total: 5_000, currency: 'JPY' },
    );
    expect(profile.currency).toBe('EUR');
    expect(profileStats(profile)).toMatchObject({ orderCount: 2, totalSpend: 10, lastOrderId: 'b' });
    expect(cancelOrder(profile, 'b')?.profile.totals).toEqual({ a: 10 });
  });

  it('releases the first-purchase claim when the only order is cancelled', () => {
    const outcome = cancelOrder(applied(empty, { orderId: 'a' }), 'a');
    expect(outcome?.profile.firstPurchase).toBeUndefined();
    expect(outcome?.newFirstPurchase).toBeUndefined();
    expect(profileStats(outcome!.profile)).toMatchObject({ orderCount: 0, totalSpend: 0 });
  });

  it('passes the claim to the earliest remaining order when the first purchase is cancelled', () => {
    const profile = applied(empty, { orderId: 'a', placedAt: '2026-01-01T00:00:00Z' }, { orderId: 'c', placedAt: '2026-03-01T00:00:00Z' }, { orderId: 'b', placedAt: '2026-02-01T00:00:00Z' });
    expect(cancelOrder(profile, 'a')?.newFirstPurchase).toEqual({ orderId: 'b', placedAt: '2026-02-01T00:00:00.000Z', total: 42.5 });
  });

  it('leaves the claim alone when a later order is cancelled, and ignores unknown orders', () => {
    const profile = applied(empty, { orderId: 'a', placedAt: '2026-01-01T00:00:00Z' }, { orderId: 'b', placedAt: '2026-02-01T00:00:00Z' });
    const outcome = cancelOrder(profile, 'b');
    expect(outcome?.profile.firstPurchase?.orderId).toBe('a');
    expect(outcome?.newFirstPurchase).toBeUndefined();
    expect(cancelOrder(profile, 'zzz')).toBeUndefined();
  });
});

/** The order store and the intake's use of it: each order recorded, then applied with the stored orders when the profile asks for them. */
function customerOf(first: OrderPlaced) {
  const stored = new Map<string, ActiveOrder>();
  let profile = newProfile(first);
  const storedOrders = () => [...stored.values()];
  return {
    get profile() {
      return profile;
    },
    place(order: OrderPlaced) {
      stored.set(order.orderId, { orderId: order.orderId, placedAt: order.placedAt, total: order.total, currency: order.currency });
      const outcome = applyOrder(profile, order, order.placedAt, orderNeedsStoredOrders(profile, order) ? storedOrders() : undefined);
      if (outcome.kind !== 'duplicate') profile = outcome.profile;
      return outcome;
    },
    cancel(orderId: string) {
      stored.delete(orderId);
      const outcome = cancelOrder(profile, orderId, cancellationNeedsStoredOrders(profile, orderId) ? storedOrders() : undefined);
      if (outcome) profile = outcome.profile;
      return outcome;
    },
  };
}

const LONG_ID = 'x'.repeat(120);
const nthOrder = (n: number, overrides: Partial<OrderPlaced> = {}) =>
  anOrder({ orderId: `${LONG_ID}-${String(n).padStart(5, '0')}`, placedAt: new Date(Date.UTC(2020, 0, 1) + n * 86_400_000 * 0.5).toISOString(), total: 10 + (n % 7), ...overrides });

describe('a heavy repeat buyer', () => {
  it('keeps a bounded profile: 2,000 orders with ids of 126 characters stay far below the 400 KB item limit', () => {
    const customer = customerOf(nthOrder(0));
    for (let n = 0; n < 2_000; n++) customer.place(nthOrder(n));

    expect(Buffer.byteLength(JSON.stringify(customer.profile))).toBeLessThan(100_000);
    expect(Object.keys(customer.profile.orders)).toHaveLength(RECENT_ORDERS);
    expect(profileStats(customer.profile)).toMatchObject({ orderCount: 2_000, firstOrderAt: nthOrder(0).placedAt, lastOrderAt: nthOrder(1_999).placedAt });
  });

  it('counts an order as old as the folded ones once, however often it arrives, and a late one that was never counted', () => {
    const customer = customerOf(nthOrder(1));
    for (let n = 1; n <= RECENT_ORDERS + 50; n++) customer.place(nthOrder(n));
    const before = profileStats(customer.profile);

    expect(customer.place(nthOrder(10)).kind).toBe('duplicate');
    expect(customer.place(nthOrder(0))).toMatchObject({ kind: 'repeat', ordinal: RECENT_ORDERS + 51 });
    expect(customer.place(nthOrder(0)).kind).toBe('duplicate');

    expect(profileStats(customer.profile)).toMatchObject({ orderCount: before.orderCount + 1, firstOrderAt: nthOrder(0).placedAt, totalSpend: before.totalSpend + nthOrder(0).total });
  });

  it('cancels a folded order exactly, and a folded first purchase passes its claim on', () => {
    const customer = customerOf(nthOrder(0));
    for (let n = 0; n < RECENT_ORDERS + 10; n++) customer.place(nthOrder(n));

    expect(customer.cancel(nthOrder(3).orderId)?.newFirstPurchase).toBeUndefined();
    expect(customer.cancel(nthOrder(3).orderId)).toBeUndefined();
    expect(customer.cancel(nthOrder(0).orderId)?.newFirstPurchase).toEqual({ orderId: nthOrder(1).orderId, placedAt: nthOrder(1).placedAt, total: nthOrder(1).total });
    expect(profileStats(customer.profile)).toMatchObject({ orderCount: RECENT_ORDERS + 8, firstOrderAt: nthOrder(1).placedAt });
  });

  it('gives the risk model the summary of every active order, in any arrival order, repeated or cancelled', () => {
    const history = fc.record({
      arrival: fc.shuffledSubarray([...Array(RECENT_ORDERS + 40).keys()], { minLength: RECENT_ORDERS + 40 }),
      again: fc.array(fc.nat(RECENT_ORDERS + 39), { maxLength: 20 }),
      cancelled: fc.uniqueArray(fc.nat(RECENT_ORDERS + 39), { maxLength: 20 }),
    });
    fc.assert(fc.property(history, ({ arrival, again, cancelled }) => {
      // Several orders a day, so folding must merge purchase days across its boundary.
      const order = (n: number) => nthOrder(n, { placedAt: new Date(Date.UTC(2020, 0, 1) + Math.floor(n / 3) * 86_400_000 + (n % 3) * 3_600_000).toISOString() });
      const customer = customerOf(order(arrival[0]!));
      for (const n of [...arrival, ...again]) customer.place(order(n));
      for (const n of cancelled) customer.cancel(order(n).orderId);

      const active = arrival.filter((n) => !cancelled.includes(n)).map(order);
      expect(summaryOf(customer.profile)).toEqual(summarise(active.map((o) => ({ at: o.placedAt, amount: o.total })), '9999-12-31'));
      expect(profileStats(customer.profile).orderCount).toBe(active.length);
    }), { numRuns: 25 });
  });
});
