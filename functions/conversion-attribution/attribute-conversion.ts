import type { Catalog } from '../../shared/config/catalog';
import { productsBySku } from '../../shared/config/products';
import type { MeasureConfig } from '../../shared/config/measure';
import { DetailType, type ConversionAttributed, type OrderPlaced } from '../../shared/contracts/events';
import { attributeOrder, touchOf, type FinishedStep, type Touch } from '../../shared/domain/measure/attribution';
import type { ConversionLedger, EventPublisher } from '../../shared/ports';

/** What attributing one order needs; `now` is the order event's time. */
export interface AttributionDeps {
  ledger: ConversionLedger;
  events: EventPublisher;
  catalog: Catalog;
  windows: MeasureConfig['attributionDays'];
  now: string;
}

/** What became of one order. */
export type AttributionResult = 'attributed' | 'attributed-holdout' | 'not-attributed' | 'already-attributed';

/**
 * Credits a placed order to the flow whose email (or held-out step) came last before it within the
 * flow's window, and announces it once as `Conversion Attributed`, also when the order is delivered again.
 */
export async function attributeConversion(order: OrderPlaced, deps: AttributionDeps): Promise<AttributionResult> {
  const customerId = order.customer.id;
  const productsOf = upserveProducts(deps.catalog);
  const touches = (await deps.ledger.finishedSteps(customerId)).flatMap((step) => touchOf(step, productsOf) ?? ([] as Touch[]));
  const candidate = { orderId: order.orderId, placedAt: order.placedAt, total: order.total, currency: order.currency, skus: order.items.map((i) => i.sku) };
  const conversion = attributeOrder(candidate, touches, deps.windows);
  if (!conversion) return 'not-attributed';
  if (!(await deps.ledger.claim(customerId, order.orderId, deps.now))) return 'already-attributed';
  const detail: ConversionAttributed = { customerId, sellerId: order.customer.sellerId, ...conversion };
  try {
    await deps.events.publish([{ detailType: DetailType.ConversionAttributed, detail, time: deps.now }]);
  } catch (error) {
    await deps.ledger.release(customerId, order.orderId);
    throw error;
  }
  return conversion.holdout ? 'attributed-holdout' : 'attributed';
}

/**
 * The products an up-serve step is about, known alike for mailed and held-out customers: a restock
 * reminder's item, or the catalog complements of the order a suggestions email follows.
 */
function upserveProducts(catalog: Catalog): (step: FinishedStep) => string[] {
  const products = productsBySku(catalog);
  return (step) => {
    const payload = step.payload as { item?: { sku?: string }; order?: { items?: { sku: string }[] } } | undefined;
    if (payload?.item?.sku) return [payload.item.sku];
    return (payload?.order?.items ?? []).flatMap(({ sku }) => (products.get(sku)?.relations?.complements ?? []).map((c) => c.sku));
  };
}
