import { DetailType, OrderCancelled, OrderPlaced } from '../../shared/contracts/events';
import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { onEvents, route, type RunContext } from '../../shared/runtime/handler';
import { cancelCustomerOrder, intakeOrder, type IntakeDeps } from './intake-order';

/** The intake's ports on a runtime. */
export const intakeDeps = ({ runtime, now }: RunContext): IntakeDeps => ({
  customers: makeDynamoCustomerStore(runtime),
  events: runtime.events,
  now,
  risk: runtime.config.risk.enabled ? { model: () => runtime.riskModel(now), policy: runtime.config.risk } : undefined,
});

/** The intake's routes: `Order Placed` and `Order Cancelled`, each with its dated field. */
export const routes = {
  [DetailType.OrderPlaced]: route(OrderPlaced, (order, context) => intakeOrder(order, intakeDeps(context)), ['placedAt']),
  [DetailType.OrderCancelled]: route(OrderCancelled, (cancellation, context) => cancelCustomerOrder(cancellation, intakeDeps(context)), ['cancelledAt']),
};

/** Order intake: records orders and cancellations, detects first and repeat purchases. */
export const handler = onEvents(routes);
