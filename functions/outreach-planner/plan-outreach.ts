import type { FirstPurchaseDetected, OrderCancelled, OutreachFlow, RepeatPurchaseDetected, SkipReason } from '../../shared/contracts/events';
import type { OrderSnapshot } from '../../shared/contracts/outreach-payloads';
import type { LoyaltyConfig } from '../../shared/config/schema';
import { planSecondSale } from '../../shared/domain/outreach';
import type { CustomerStore, EventPublisher, OutreachQueue, StoredOrder } from '../../shared/ports';
import { skip } from '../outreach-dispatcher/dispatch-outreach';

/** Ports of the outreach planner; `now` is the event's time. */
export interface PlanDeps {
  queue: OutreachQueue;
  customers: CustomerStore;
  events: EventPublisher;
  config: Pick<LoyaltyConfig, 'secondSale'>;
  now: string;
}

/** The order as the emails will refer to it. */
export const snapshot = (order: StoredOrder): OrderSnapshot => ({
  orderId: order.orderId,
  placedAt: order.placedAt,
  items: order.items.map(({ sku, name, quantity }) => ({ sku, name, quantity })),
  total: order.total,
  currency: order.currency,
});

/** A first purchase starts the second-sale sequence: its configured steps are queued. */
export async function queueSecondSale(first: FirstPurchaseDetected, deps: PlanDeps): Promise<{ queued: number }> {
  if (!deps.config.secondSale.enabled) return { queued: 0 };
  const order = await deps.customers.getOrder(first.customerId, first.orderId);
  if (!order || order.status === 'cancelled') return { queued: 0 };
  const steps = planSecondSale(deps.config.secondSale.steps, first, { order: snapshot(order) }, deps.now);
  await deps.queue.enqueue(steps);
  return { queued: steps.length };
}

/** Nobody is asked for the order they already placed: a new order ends the second-sale sequence. */
export const endSecondSaleOnRepeat = (repeat: RepeatPurchaseDetected, deps: PlanDeps) =>
  skipPending(repeat.customerId, { flow: 'second-sale' }, 'ordered-again', deps);

/** A cancelled first order ends the sequence it started. */
export const endSecondSaleOnCancel = (cancelled: OrderCancelled, deps: PlanDeps) =>
  skipPending(cancelled.customerId, { flow: 'second-sale', sequenceId: cancelled.orderId }, 'first-order-cancelled', deps);

/** Skips every waiting step of a customer matching `filter`, recording why. */
export async function skipPending(customerId: string, filter: { flow?: OutreachFlow; sequenceId?: string }, reason: SkipReason, deps: Pick<PlanDeps, 'queue' | 'events' | 'now'>): Promise<{ skipped: number }> {
  const pending = await deps.queue.pending(customerId, filter);
  await Promise.all(pending.map((step) => skip(step, reason, deps)));
  return { skipped: pending.length };
}
