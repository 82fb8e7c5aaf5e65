import type { Catalog } from '../../config/catalog';
import type { OrderSnapshot } from '../../contracts/outreach-payloads';
import type { QueuedStep } from '../outreach';
import { addDays } from '../time';
import { replenishmentDue } from './plan';

/** Step id of an order's suggestions email. */
export const SUGGESTIONS_STEP = 'suggestions';

/** Step id of the restock reminder for one sku of an order. */
export const replenishStep = (sku: string): string => `replenish-${sku}`;

/** What the up-serve steps of one order need to know. */
export interface UpserveOrder {
  customerId: string;
  sellerId?: string;
  order: OrderSnapshot;
}

/**
 * The up-serve steps of an order: one suggestions email `delayDays` after it (the suggestions are picked
 * when it is sent), and a restock reminder for each consumable, due when it usually runs out.
 */
export function planUpserve(
  { customerId, sellerId, order }: UpserveOrder,
  settings: { catalog: Catalog; delayDays: number; reorderUrl: (sku: string) => string },
  now: string,
): QueuedStep[] {
  const step = (kind: string, stepId: string, dueAt: string, payload: Record<string, unknown>): QueuedStep => ({
    customerId,
    sellerId,
    flow: 'upserve',
    kind,
    sequenceId: order.orderId,
    stepId,
    dueAt,
    queuedAt: now,
    payload,
    attempts: 0,
  });
  const lasts = new Map(settings.catalog.products.map((p) => [p.sku, p.relations?.replenishAfterDays]));
  const names = new Map(order.items.map((item) => [item.sku, item.name]));
  return [
    step('upserve/suggestions', SUGGESTIONS_STEP, addDays(order.placedAt, settings.delayDays), { order }),
    ...replenishmentDue(settings.catalog, order.items, order.placedAt).map(({ sku, dueAt }) =>
      step('upserve/replenish', replenishStep(sku), dueAt, {
        item: { sku, name: names.get(sku)!, reorderUrl: settings.reorderUrl(sku) },
        purchasedAt: order.placedAt,
        lastsAboutDays: lasts.get(sku)!,
      }),
    ),
  ];
}
