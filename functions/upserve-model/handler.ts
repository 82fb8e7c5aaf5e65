import { makeDynamoCoPurchaseStore } from '../../shared/adapters/dynamodb/co-purchase-store';
import { onSchedule, type RunContext } from '../../shared/runtime/handler';
import { updateCoPurchase, type ModelDeps } from './update-co-purchase';

/** The nightly model job's ports on a runtime. */
export const upserveModelDeps = ({ runtime, now }: RunContext): ModelDeps => ({ store: makeDynamoCoPurchaseStore(runtime), config: runtime.config.upserve, now });

/** Up-serve model: nightly, adds the days' new orders to the bought-together counts and rewrites related items. */
export const handler = onSchedule((_invocation, context) => updateCoPurchase(upserveModelDeps(context)));
