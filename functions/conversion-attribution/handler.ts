import { makeDynamoConversionLedger } from '../../shared/adapters/dynamodb/conversion-ledger';
import { DetailType, OrderPlaced } from '../../shared/contracts/events';
import { onEvents, route } from '../../shared/runtime/handler';
import { attributeConversion } from './attribute-conversion';

/** Conversion attribution: credits each order to the flow whose email came last before it, within its window. */
export const handler = onEvents({
  [DetailType.OrderPlaced]: route(OrderPlaced, (order, { runtime, now }) =>
    attributeConversion(order, {
      ledger: makeDynamoConversionLedger(runtime),
      events: runtime.events,
      catalog: runtime.catalog(),
      windows: runtime.config.measure.attributionDays,
      now,
    }),
  ),
});
