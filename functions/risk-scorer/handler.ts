import { makeDynamoCustomerStore, makeDynamoRiskSchedule } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSellerDesk } from '../../shared/adapters/dynamodb/seller-desk';
import { onSchedule } from '../../shared/runtime/handler';
import { scoreAtRiskCustomers } from './score-at-risk-customers';

/** Risk scorer: daily, checks the customers whose risk check is due, flags those at risk and queues their win-back. */
export const handler = onSchedule(async (_invocation, { runtime, now }) => {
  const { config } = runtime;
  return scoreAtRiskCustomers({
    schedule: makeDynamoRiskSchedule(runtime),
    customers: makeDynamoCustomerStore(runtime),
    desk: makeDynamoSellerDesk(runtime),
    queue: makeDynamoOutreachQueue(runtime),
    events: runtime.events,
    model: await runtime.riskModel(now),
    policy: config.risk,
    sellers: config.sellers,
    winBackGraceDays: config.risk.winBackGraceDays,
    now,
    onError: (error) => runtime.logger.error('risk check failed; the customer stays due', { error: error as Error }),
  });
});
