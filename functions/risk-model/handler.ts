import { makeDynamoPurchaseHistories } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoRiskModelStore } from '../../shared/adapters/dynamodb/risk-model-store';
import { onSchedule } from '../../shared/runtime/handler';
import { refitRiskModel } from './refit-risk-model';

/** Risk model: weekly, refits the BG/NBD and the at-risk score on every customer's history and stores them. */
export const handler = onSchedule((_invocation, { runtime, now }) =>
  refitRiskModel({
    histories: makeDynamoPurchaseHistories(runtime),
    models: makeDynamoRiskModelStore(runtime),
    minRepeatCustomers: runtime.config.risk.minRepeatCustomers,
    now,
  }),
);
