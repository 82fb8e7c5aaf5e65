import { makeDynamoCoPurchaseStore } from '../../shared/adapters/dynamodb/co-purchase-store';
import { onSchedule } from '../../shared/runtime/handler';
import { updateCoPurchase } from './update-co-purchase';

/** Up-serve model: nightly, adds the days' new orders to the bought-together counts and rewrites related items. */
export const handler = onSchedule((_invocation, { runtime, now }) =>
  updateCoPurchase({ store: makeDynamoCoPurchaseStore(runtime), config: runtime.config.upserve, now }),
);
