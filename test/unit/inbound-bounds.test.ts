import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/order-intake/handler';
import { DetailType, MAX_ITEMS } from '../../shared/contracts/events';
import { InvalidEventError, parseEvent } from '../../shared/runtime/handler';
import { anOrder } from '../support/builders';

const TIME = '2026-03-02T10:00:00Z';
const event = (detailType: string, detail: unknown, time = TIME) => ({ source: 'shop.orders', 'detail-type': detailType, time, detail });
const order = anOrder({ orderId: 'o-1', placedAt: TIME });
const item = order.items[0]!;

/** Out-of-bounds inputs, each with the field its rejection must name. */
const cases: [string, string, unknown][] = [
  ['a total beyond any real order', 'detail.total', { ...order, total: 1e12 }],
  ['a total that parses to Infinity', 'detail.total', JSON.parse(JSON.stringify({ ...order, total: 1 }).replace('"total":1', '"total":1e400'))],
  ['a unit price beyond any real one', 'detail.items.0.unitPrice', { ...order, items: [{ ...item, unitPrice: 5e9 }] }],
  ['a quantity beyond any real one', 'detail.items.0.quantity', { ...order, items: [{ ...item, quantity: 10_000_000 }] }],
  ['more lines than any real order', 'detail.items', { ...order, items: Array.from({ length: MAX_ITEMS + 1 }, (_, i) => ({ ...item, sku: `s-${i}` })) }],
  ['an address longer than any valid one', 'detail.customer.email', { ...order, customer: { ...order.customer, email: `${'a'.repeat(250)}@example.com` } }],
  ['a time zone of 100,000 characters', 'detail.customer.timeZone', { ...order, customer: { ...order.customer, timeZone: 'A'.repeat(100_000) } }],
  ['an unknown currency', 'detail.currency', { ...order, currency: 'XQZ' }],
  ['a placedAt years after the event', 'detail.placedAt', { ...order, placedAt: '2099-01-01T00:00:00Z' }],
  ['a placedAt decades before the event', 'detail.placedAt', { ...order, placedAt: '1990-01-01T00:00:00Z' }],
];

const rejection = (raw: unknown): InvalidEventError => {
  try {
    parseEvent(routes, raw);
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe('inbound order events out of bounds', () => {
  it.each(cases)('reject %s, naming the field', (_, field, detail) => {
    expect(rejection(event(DetailType.OrderPlaced, detail)).problems.join('; ')).toContain(`${field}:`);
  });

  it('reject a cancellation dated far after the event, naming the field', () => {
    const cancellation = { orderId: 'o-1', customerId: order.customer.id, cancelledAt: '2030-01-01T00:00:00Z' };
    expect(rejection(event(DetailType.OrderCancelled, cancellation)).problems.join('; ')).toContain('detail.cancelledAt:');
  });

  it('accept what is inside them: a late order from last year, a day of clock skew, big but real amounts', () => {
    const accepted = [
      { ...order, placedAt: '2025-03-02T10:00:00Z' },
      { ...order, placedAt: '2026-03-03T09:00:00Z' },
      { ...order, total: 2_500_000, currency: 'JPY', items: [{ ...item, quantity: 5_000, unitPrice: 500 }] },
    ];
    for (const detail of accepted) expect(() => parseEvent(routes, event(DetailType.OrderPlaced, detail))).not.toThrow();
  });
});
