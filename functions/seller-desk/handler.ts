import { makeDynamoCustomerRecords } from '../../shared/adapters/dynamodb/customer-records';
import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSellerDesk } from '../../shared/adapters/dynamodb/seller-desk';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { onUrlRequest, type RunContext } from '../../shared/runtime/handler';
import { cardFactsOf } from './card-facts';
import { handleSellerDesk, type SellerDeskDeps } from './seller-desk';

/** The seller pages' ports on a runtime, with the link secret fetched. */
export async function sellerDeskDeps({ runtime, now }: RunContext): Promise<SellerDeskDeps> {
  const { config } = runtime;
  // An erased customer has no card, so only suppressions in clear matter here: no pepper.
  const suppressions = makeDynamoSuppressionList(runtime);
  const records = makeDynamoCustomerRecords(runtime);
  return {
    customers: makeDynamoCustomerStore(runtime),
    queue: makeDynamoOutreachQueue(runtime),
    desk: makeDynamoSellerDesk(runtime),
    events: runtime.events,
    cardFacts: async (profile) => cardFactsOf(profile, { records, suppressions, model: await runtime.riskModel(now), policy: config.risk, now }),
    secret: await runtime.unsubscribeSecret(),
    sellers: config.sellers,
    reachOutWaitDays: config.risk.winBack.reachOutWaitDays,
    now,
  };
}

/** Seller pages behind a Function URL: GET and HEAD show the customer card, POST records the seller's action. */
export const handler = onUrlRequest(async (request, context) => handleSellerDesk(request, await sellerDeskDeps(context)));
