import { makeDynamoConversionLedger } from '../../shared/adapters/dynamodb/conversion-ledger';
import { DetailType, OrderPlaced } from '../../shared/contracts/events';
import { onEvents, route, type RunContext } from '../../shared/runtime/handler';
import { attributeConversion, type AttributionDeps } from './attribute-conversion';

/** Conversion attribution's ports on a runtime. */
export const attributionDeps = ({ runtime, now }: RunContext): AttributionDeps => ({
  ledger: makeDynamoConversionLedger(runtime),
  events: runtime.events,
  catalog: runtime.catalog(),
  windows: runtime.config.measure.attributionDays,
  now,
});

/** Conversion attribution: credits each order to the flow whose email came last before it, within its window. */
export const handler = onEvents({
  [DetailType.OrderPlaced]: route(OrderPlaced, (order, context) => attributeConversion(order, attributionDeps(context))),
});
