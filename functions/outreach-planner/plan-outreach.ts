import type { FirstPurchaseDetected, OrderCancelled, RepeatPurchaseDetected } from '../../shared/contracts/events';
import type { LoyaltyConfig } from '../../shared/config/schema';
import { planSecondSale } from '../../shared/domain/outreach';
import type { CustomerStore, EventPublisher, OutreachQueue } from '../../shared/ports';
import { skipPending } from '../../shared/use-cases/end-step';
import { snapshot } from '../../shared/use-cases/order-snapshot';

/** Ports of the outreach planner; `now` is the event's time. */
export interface PlanDeps {
  queue: OutreachQueue;
  customers: CustomerStore;
  events: EventPublisher;
  config: Pick<LoyaltyConfig, 'secondSale'>;
  now: string;
}

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
