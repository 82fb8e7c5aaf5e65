import type { OrderSnapshot } from '../contracts/outreach-payloads';
import type { StoredOrder } from '../ports';

/** The order as the emails will refer to it. */
export const snapshot = (order: StoredOrder): OrderSnapshot => ({
  orderId: order.orderId,
  placedAt: order.placedAt,
  items: order.items.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
  total: order.total,
  currency: order.currency,
});
