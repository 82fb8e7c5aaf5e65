import { DetailType, OrderCancelled, OrderPlaced } from '../../shared/contracts/events';
import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { onEvents, route, type EventContext } from '../../shared/runtime/handler';
import { cancelCustomerOrder, intakeOrder, type IntakeDeps } from './intake-order';

const deps = ({ runtime, now }: EventContext): IntakeDeps => ({
  customers: makeDynamoCustomerStore(runtime),
  events: runtime.events,
  now,
  risk: runtime.config.risk.enabled ? { model: () => runtime.riskModel(now), policy: runtime.config.risk } : undefined,
});

/** The intake's routes: `Order Placed` and `Order Cancelled`, each with its dated field. */
export const routes = {
  [DetailType.OrderPlaced]: route(OrderPlaced, (order, context) => intakeOrder(order, deps(context)), ['placedAt']),
  [DetailType.OrderCancelled]: route(OrderCancelled, (cancellation, context) => cancelCustomerOrder(cancellation, deps(context)), ['cancelledAt']),
};

/** Order intake: records orders and cancellations, detects first and repeat purchases. */
export const handler = onEvents(routes);
