import type { Catalog } from '../../shared/config/catalog';
import type { FunctionConfig } from '../../shared/config/shipped';
import { productPageUrl } from '../../shared/config/products';
import type { FirstPurchaseDetected } from '../../shared/contracts/events';
import { dayOf } from '../../shared/domain/upserve/nightly';
import { planUpserve } from '../../shared/domain/upserve/steps';
import type { CoPurchaseStore, CustomerStore, OutreachQueue } from '../../shared/ports';
import { snapshot } from '../../shared/use-cases/order-snapshot';
import { LoyaltyError } from '../../shared/errors';

/** Ports of the up-serve planner; `now` is the event's time. */
export interface UpservePlanDeps {
  customers: CustomerStore;
  queue: OutreachQueue;
  coPurchase: Pick<CoPurchaseStore, 'logOrder'>;
  catalog: Catalog;
  config: Pick<FunctionConfig, 'upserve' | 'brand'>;
  now: string;
}

/** The purchase event arrived before its order can be read: thrown so the invocation is retried. */
export class OrderNotStoredError extends LoyaltyError {
  override name = 'OrderNotStoredError';
}

/**
 * After any purchase: logs the order for the nightly bought-together model and queues its up-serve
 * steps (suggestions, and a restock reminder per consumable). What to suggest is decided when a step
 * is sent, against what the customer owns and was sent by then.
 */
export async function queueUpserve(purchase: FirstPurchaseDetected, deps: UpservePlanDeps): Promise<Record<string, number>> {
  const { upserve, brand } = deps.config;
  if (!upserve.enabled) return { disabled: 1 };
  const order = await deps.customers.getOrder(purchase.customerId, purchase.orderId);
  if (!order) throw new OrderNotStoredError(`order ${purchase.orderId} of customer ${purchase.customerId} is not stored`);
  if (order.status === 'cancelled') return { 'order-cancelled': 1 };
  const skus = [...new Set(order.items.map((item) => item.sku))];
  await deps.coPurchase.logOrder(dayOf(deps.now), { customerId: purchase.customerId, orderId: order.orderId, placedAt: order.placedAt, skus });
  const steps = planUpserve(
    { customerId: purchase.customerId, sellerId: purchase.sellerId, order: snapshot(order) },
    { catalog: deps.catalog, delayDays: upserve.delayDays, reorderUrl: (sku) => productPageUrl(upserve, brand.url, sku) },
    deps.now,
  );
  await deps.queue.enqueue(steps);
  return { suggestions: 1, replenish: steps.length - 1 };
}
