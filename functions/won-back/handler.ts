import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSellerDesk } from '../../shared/adapters/dynamodb/seller-desk';
import { DetailType, RepeatPurchaseDetected } from '../../shared/contracts/events';
import { onEvents, route } from '../../shared/runtime/handler';
import { markWonBack } from './mark-won-back';

/** Won back: an order from a customer flagged at risk skips their win-back email, tells the seller and clears the flag. */
export const handler = onEvents({
  [DetailType.RepeatPurchaseDetected]: route(RepeatPurchaseDetected, (repeat, { runtime, now }) =>
    markWonBack(repeat, {
      customers: makeDynamoCustomerStore(runtime),
      queue: makeDynamoOutreachQueue(runtime),
      desk: makeDynamoSellerDesk(runtime),
      events: runtime.events,
      now,
    }),
  ),
});
