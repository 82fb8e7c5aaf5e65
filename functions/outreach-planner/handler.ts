import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { DetailType, FirstPurchaseDetected, OrderCancelled, RepeatPurchaseDetected } from '../../shared/contracts/events';
import { onEvents, route, type RunContext } from '../../shared/runtime/handler';
import { endSecondSaleOnCancel, endSecondSaleOnRepeat, queueSecondSale, type PlanDeps } from './plan-outreach';

/** The second-sale planner's ports on a runtime. */
export const plannerDeps = ({ runtime, now }: RunContext): PlanDeps => ({
  queue: makeDynamoOutreachQueue(runtime),
  customers: makeDynamoCustomerStore(runtime),
  events: runtime.events,
  config: runtime.config,
  now,
});

/** The planner's routes: a first purchase queues the sequence, a repeat purchase or a cancellation ends it. */
export const routes = {
  [DetailType.FirstPurchaseDetected]: route(FirstPurchaseDetected, (first, c) => queueSecondSale(first, plannerDeps(c))),
  [DetailType.RepeatPurchaseDetected]: route(RepeatPurchaseDetected, (repeat, c) => endSecondSaleOnRepeat(repeat, plannerDeps(c))),
  [DetailType.OrderCancelled]: route(OrderCancelled, (cancelled, c) => endSecondSaleOnCancel(cancelled, plannerDeps(c))),
};

/** Outreach planner: queues the second-sale sequence on a first purchase and ends it on a new order or cancellation. */
export const handler = onEvents(routes);
