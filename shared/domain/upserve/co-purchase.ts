/**
 * "Bought together" statistics, kept as counts that only ever grow, so a nightly job adds the
 * day's orders without re-reading history. See docs/upserve.md for the basket definition,
 * the score and the DynamoDB layout (one item per product: `PRODUCT#<sku>`).
 */

/** Counts over baskets; plain objects so each product's slice maps onto one DynamoDB item. */
export interface CoPurchaseState {
  /** Number of baskets seen. */
  baskets: number;
  /** sku → number of baskets containing it. */
  items: Record<string, number>;
  /** sku → other sku → number of baskets containing both; kept in both directions so one product's row is self-contained. */
  pairs: Record<string, Record<string, number>>;
}

/** What one new order adds to its basket: the skus the basket held before, and the order's skus. */
export interface BasketUpdate {
  /** Empty when the order opens a new basket. */
  before: readonly string[];
  added: readonly string[];
}

/** A new order, tagged with the basket it belongs to (a customer id, customer + period, or the order id). */
export interface BasketOrder {
  basketId: string;
  skus: readonly string[];
}

/** A product related to another by co-purchase, with the figures a reason can quote. */
export interface RelatedItem {
  sku: string;
  /** Higher is more related; comparable only within one `topRelated` result. */
  score: number;
  /** Baskets containing both products. */
  together: number;
  /** Share of the source product's baskets that also contain this one (0–1). */
  confidence: number;
}

/**
 * How co-occurrence is normalised:
 * - `lift` = P(a,b) / (P(a)·P(b)): 1 means independent; fully removes popularity, so rare items
 *   score high on little evidence (hence `minSupport`).
 * - `cosine` = n(a,b) / √(n(a)·n(b)): bounded 0–1; discounts best-sellers by √popularity,
 *   a middle ground between raw counts and lift.
 */
export type RelatednessMeasure = 'lift' | 'cosine';

/** Options of {@link topRelated}. */
export interface TopRelatedOptions {
  /** Minimum number of baskets containing both products: below it a score is noise. */
  minSupport: number;
  topN: number;
  measure?: RelatednessMeasure;
}

/** Counts before any basket. */
export const emptyCoPurchase = (): CoPurchaseState => ({ baskets: 0, items: {}, pairs: {} });

/**
 * Adds new orders' basket updates to `state` in place and returns it. Cost is proportional to the
 * new orders (their items × their baskets' sizes), never to history. Adding to an empty state
 * yields the increment the nightly job writes.
 */
export function addBaskets(state: CoPurchaseState, updates: readonly BasketUpdate[]): CoPurchaseState {
  for (const update of updates) {
    const before = new Set(update.before);
    const added = [...new Set(update.added)].filter((sku) => !before.has(sku));
    if (added.length === 0) continue;
    if (before.size === 0) state.baskets += 1;
    for (let i = 0; i < added.length; i++) {
      const sku = added[i]!;
      state.items[sku] = (state.items[sku] ?? 0) + 1;
      for (const held of before) countPair(state, sku, held);
      for (let j = i + 1; j < added.length; j++) countPair(state, sku, added[j]!);
    }
  }
  return state;
}

/**
 * Turns new orders into basket updates, given `held` (basket id → skus already in it); records
 * the orders in `held` so later orders of the same basket see them. In the nightly job `held`
 * is read from the customers' profiles, one read per customer with new orders.
 */
export function toBasketUpdates(orders: readonly BasketOrder[], held: Map<string, Set<string>>): BasketUpdate[] {
  return orders.map((order) => {
    const basket = held.get(order.basketId) ?? new Set<string>();
    const update = { before: [...basket], added: [...order.skus] };
    for (const sku of order.skus) basket.add(sku);
    held.set(order.basketId, basket);
    return update;
  });
}

/** Products most related to `sku`, best first; only pairs seen together in at least `minSupport` baskets. */
export function topRelated(state: CoPurchaseState, sku: string, options: TopRelatedOptions): RelatedItem[] {
  const count = state.items[sku] ?? 0;
  const score = scorer(options.measure ?? 'lift', state.baskets, count);
  return Object.entries(state.pairs[sku] ?? {})
    .filter(([, together]) => together >= options.minSupport)
    .map(([other, together]) => ({
      sku: other,
      score: score(together, state.items[other] ?? together),
      together,
      confidence: together / count,
    }))
    .sort((a, b) => b.score - a.score || b.together - a.together || a.sku.localeCompare(b.sku))
    .slice(0, options.topN);
}

function scorer(measure: RelatednessMeasure, baskets: number, count: number): (together: number, otherCount: number) => number {
  return measure === 'lift'
    ? (together, otherCount) => (together * baskets) / (count * otherCount)
    : (together, otherCount) => together / Math.sqrt(count * otherCount);
}

function countPair(state: CoPurchaseState, a: string, b: string): void {
  const rowA = (state.pairs[a] ??= {});
  const rowB = (state.pairs[b] ??= {});
  rowA[b] = (rowA[b] ?? 0) + 1;
  rowB[a] = (rowB[a] ?? 0) + 1;
}
