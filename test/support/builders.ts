import type { OrderPlaced } from '../../shared/contracts/events';

/** A valid `Order Placed` detail; override what the test is about. */
export function anOrder(overrides: Partial<OrderPlaced> & { customerId?: string } = {}): OrderPlaced {
  const { customerId = 'c-1', ...rest } = overrides;
  return {
    orderId: 'o-1',
    placedAt: '2026-03-02T10:00:00+01:00',
    customer: { id: customerId, email: `${customerId}@example.com`, name: 'Ana Costa', timeZone: 'Europe/Lisbon', marketingConsent: true },
    currency: 'EUR',
    total: 42.5,
    items: [{ sku: 'cd-jazz-1', name: 'Kind of Blue', category: 'jazz', quantity: 1, unitPrice: 42.5 }],
    ...rest,
  };
}
