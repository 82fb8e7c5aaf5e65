import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSellerDesk } from '../../shared/adapters/dynamodb/seller-desk';
import { DetailType, RepeatPurchaseDetected } from '../../shared/contracts/events';
import { onEvents, route, type RunContext } from '../../shared/runtime/handler';
import { markWonBack, type WonBackDeps } from './mark-won-back';

/** The won-back subscriber's ports on a runtime. */
export const wonBackDeps = ({ runtime, now }: RunContext): WonBackDeps => ({
  customers: makeDynamoCustomerStore(runtime),
  queue: makeDynamoOutreachQueue(runtime),
  desk: makeDynamoSellerDesk(runtime),
  events: runtime.events,
  now,
});

/** Won back: an order from a customer flagged at risk skips their win-back email, tells the seller and clears the flag. */
export const handler = onEvents({
  [DetailType.RepeatPurchaseDetected]: route(RepeatPurchaseDetected, (repeat, context) => markWonBack(repeat, wonBackDeps(context))),
});
