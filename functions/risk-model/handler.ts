import { makeDynamoPurchaseHistories } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoRiskModelStore } from '../../shared/adapters/dynamodb/risk-model-store';
import { onSchedule, type RunContext } from '../../shared/runtime/handler';
import { refitRiskModel, type RefitDeps } from './refit-risk-model';

/** The weekly refit's ports on a runtime. */
export const refitDeps = ({ runtime, now }: RunContext): RefitDeps => ({
  histories: makeDynamoPurchaseHistories(runtime),
  models: makeDynamoRiskModelStore(runtime),
  minRepeatCustomers: runtime.config.risk.minRepeatCustomers,
  now,
});

/** Risk model: weekly, refits the BG/NBD and the at-risk score on every customer's history and stores them. */
export const handler = onSchedule((_invocation, context) => refitRiskModel(refitDeps(context)));
