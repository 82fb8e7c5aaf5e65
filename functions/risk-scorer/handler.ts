import { makeDynamoCustomerStore, makeDynamoRiskSchedule } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSellerDesk } from '../../shared/adapters/dynamodb/seller-desk';
import { onSchedule, type RunContext } from '../../shared/runtime/handler';
import { scoreAtRiskCustomers, type ScoreDeps } from './score-at-risk-customers';

/** The scorer's ports on a runtime, with the current model read. */
export async function scorerDeps({ runtime, now }: RunContext): Promise<ScoreDeps> {
  const { config } = runtime;
  return {
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
  };
}

/** Risk scorer: daily, checks the customers whose risk check is due, flags those at risk and queues their win-back. */
export const handler = onSchedule(async (_invocation, context) => scoreAtRiskCustomers(await scorerDeps(context)));
