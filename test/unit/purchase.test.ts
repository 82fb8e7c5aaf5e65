import { describe, expect, it } from 'vitest';
import { applyOrder, cancelOrder, newProfile, profileStats, type CustomerProfile } from '../../shared/domain/purchase';
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

  it('derives order count, spend, first and last order and interval statistics', () => {
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
      meanIntervalDays: 15,
      stdIntervalDays: 5,
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
    expect(cancelOrder(profile, 'a')?.newFirstPurchase).toEqual({ orderId: 'b', placedAt: '2026-02-01T00:00:00.000Z' });
  });

  it('leaves the claim alone when a later order is cancelled, and ignores unknown orders', () => {
    const profile = applied(empty, { orderId: 'a', placedAt: '2026-01-01T00:00:00Z' }, { orderId: 'b', placedAt: '2026-02-01T00:00:00Z' });
    const outcome = cancelOrder(profile, 'b');
    expect(outcome?.profile.firstPurchase?.orderId).toBe('a');
    expect(outcome?.newFirstPurchase).toBeUndefined();
    expect(cancelOrder(profile, 'zzz')).toBeUndefined();
  });
});
