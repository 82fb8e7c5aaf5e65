import { makeDynamoCoPurchaseStore } from '../../shared/adapters/dynamodb/co-purchase-store';
import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { DetailType, FirstPurchaseDetected, RepeatPurchaseDetected } from '../../shared/contracts/events';
import { onEvents, route, type RunContext } from '../../shared/runtime/handler';
import { queueUpserve, type UpservePlanDeps } from './plan-upserve';

/** The up-serve planner's ports on a runtime. */
export const upservePlannerDeps = ({ runtime, now }: RunContext): UpservePlanDeps => ({
  customers: makeDynamoCustomerStore(runtime),
  queue: makeDynamoOutreachQueue(runtime),
  coPurchase: makeDynamoCoPurchaseStore(runtime),
  catalog: runtime.catalog(),
  config: runtime.config,
  now,
});

/** Up-serve planner: after every purchase, logs the order for the model and queues its suggestions and restock reminders. */
export const handler = onEvents({
  [DetailType.FirstPurchaseDetected]: route(FirstPurchaseDetected, (purchase, c) => queueUpserve(purchase, upservePlannerDeps(c))),
  [DetailType.RepeatPurchaseDetected]: route(RepeatPurchaseDetected, (purchase, c) => queueUpserve(purchase, upservePlannerDeps(c))),
});
