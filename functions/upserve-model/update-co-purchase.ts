import type { UpserveConfig } from '../../shared/config/upserve';
import { addBaskets, emptyCoPurchase, toBasketUpdates, topRelated, type RelatedItem } from '../../shared/domain/upserve/co-purchase';
import { addCounts, basketIdOf, daysToApply, heldBefore, ORDER_LOG_DAYS, type StoredBasket } from '../../shared/domain/upserve/nightly';
import { inGroups } from '../../shared/concurrency/in-groups';
import type { CoPurchaseStore, CoPurchaseTotals } from '../../shared/ports';

/** Ports and settings of one model run; `now` is the scheduled time. */
export interface ModelDeps {
  store: CoPurchaseStore;
  config: Pick<UpserveConfig, 'enabled' | 'minSupport' | 'settleHours'>;
  now: string;
}

/** What one run did. */
export interface ModelRunResult {
  days: number;
  orders: number;
  /** Products whose counts and related items were rewritten. */
  products: number;
}

/** Related items kept per product: the planner shows at most 3, the rest is headroom for what a customer owns. */
export const RELATED_PER_PRODUCT = 10;

/**
 * Adds the orders logged since the last run to the bought-together counts, day by day, and rewrites
 * the related items of every product those orders touched. Reads only the new days' log, their
 * customers' baskets and their products' rows: the cost follows the new orders, not the history.
 */
export async function updateCoPurchase(deps: ModelDeps): Promise<ModelRunResult> {
  const result: ModelRunResult = { days: 0, orders: 0, products: 0 };
  if (!deps.config.enabled) return result;
  let totals = await deps.store.totals();
  for (const day of daysToApply(totals?.appliedThrough, deps.now, deps.config.settleHours, ORDER_LOG_DAYS)) {
    const applied = await applyDay(day, totals ?? { baskets: 0, items: {}, appliedThrough: day }, deps);
    totals = applied.totals;
    result.days++;
    result.orders += applied.orders;
    result.products += applied.products;
  }
  return result;
}

/**
 * One log day, written so that a rerun after a crash changes nothing twice: count rows first (each
 * only if not yet at `day`), then baskets, then the totals, which mark the day done.
 */
async function applyDay(day: string, totals: CoPurchaseTotals, { store, config, now }: ModelDeps): Promise<{ totals: CoPurchaseTotals; orders: number; products: number }> {
  const orders = await store.loggedOrders(day);
  const basketOrders = orders.map((order) => ({ basketId: basketIdOf(order), skus: order.skus }));
  const ids = [...new Set(basketOrders.map((o) => o.basketId))];
  const stored = await store.baskets(ids);
  const held = new Map(ids.map((id) => [id, heldBefore(stored.get(id), day)]));
  const before = new Map([...held].map(([id, skus]) => [id, new Set(skus)]));
  const increment = addBaskets(emptyCoPurchase(), toBasketUpdates(basketOrders, held));
  const next: CoPurchaseTotals = { baskets: totals.baskets + increment.baskets, items: addCounts(totals.items, increment.items), appliedThrough: day };

  const touched = Object.keys(increment.pairs);
  const rows = await store.counts(touched);
  const related = new Map<string, RelatedItem[]>();
  await inGroups(touched, async (sku) => {
    const row = rows.get(sku);
    // A row already at `day` holds tonight's increment (a rerun): its related items are rewritten all the same.
    const co = row?.appliedThrough !== undefined && row.appliedThrough >= day ? row.co : addCounts(row?.co ?? {}, increment.pairs[sku]!);
    if (co !== row?.co) await store.saveCounts(sku, day, { co });
    related.set(sku, topRelated({ baskets: next.baskets, items: next.items, pairs: { [sku]: co } }, sku, { minSupport: config.minSupport, topN: RELATED_PER_PRODUCT, measure: 'cosine' }));
  });
  await store.saveRelated(related, now);

  const baskets = new Map<string, Omit<StoredBasket, 'appliedThrough'>>();
  for (const [id, skus] of held) {
    const added = [...skus].filter((sku) => !before.get(id)!.has(sku));
    if (added.length > 0) baskets.set(id, { skus: [...skus], added });
  }
  await store.saveBaskets(day, baskets);
  await store.saveTotals(next);
  return { totals: next, orders: orders.length, products: touched.length };
}
