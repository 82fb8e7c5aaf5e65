/**
 * Offline evaluation of bought-together suggestions on UCI Online Retail (protocol in docs/upserve.md).
 *
 * For a cut-off C: statistics and popularity use only orders before C; the customers evaluated
 * bought in the 30 days before C and bought again in [C, C + 90 days); each gets 3 suggestions
 * planned after their last order before C; a hit is buying a suggested product in that window.
 * Parameters are chosen on a validation cut-off whose whole window ends before the test cut-off.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Catalog } from '../shared/config/catalog';
import {
  addBaskets,
  emptyCoPurchase,
  toBasketUpdates,
  topRelated,
  type BasketOrder,
  type BasketUpdate,
  type CoPurchaseState,
  type RelatedItem,
  type RelatednessMeasure,
} from '../shared/domain/upserve/co-purchase';
import { MAX_SUGGESTIONS, planSuggestions } from '../shared/domain/upserve/plan';
import { addDays } from '../shared/domain/time';
import { loadOnlineRetail, type RetailLine } from '../infra/local/datasets/online-retail';

const VALIDATION_CUTOFF = '2011-06-01T00:00:00.000Z';
const TEST_CUTOFF = '2011-09-01T00:00:00.000Z';
const TRIGGER_DAYS = 30;
const HIT_WINDOW_DAYS = 90;
/** Related items fetched per product: headroom for the ones the customer already owns. */
const RELATED_PER_PRODUCT = 30;

type BasketKind = 'order' | 'customer-quarter' | 'customer';
const BASKET_KINDS: readonly BasketKind[] = ['order', 'customer-quarter', 'customer'];
const MEASURES: readonly RelatednessMeasure[] = ['lift', 'cosine'];
const MIN_SUPPORTS = [2, 5, 10, 20, 40] as const;

interface Order {
  orderId: string;
  customerId: string;
  placedAt: string;
  skus: string[];
}

interface Params {
  basket: BasketKind;
  measure: RelatednessMeasure;
  minSupport: number;
}

/** The customers one cut-off evaluates: what they owned, what they last bought, what they bought next. */
interface EvalCase {
  customerId: string;
  owned: Record<string, string>;
  lastOrder: string[];
  next: Set<string>;
}

/** Real products only: stock codes are five digits and an optional letter; postage, fees and manual lines are not. */
const isProductLine = (l: RetailLine): boolean =>
  !l.cancelled && l.customerId !== '' && l.quantity > 0 && l.unitPrice > 0 && /^\d{5}[A-Za-z]*$/.test(l.stockCode);

function toOrders(lines: readonly RetailLine[]): Order[] {
  const orders = new Map<string, Order>();
  for (const line of lines.filter(isProductLine)) {
    const order = orders.get(line.invoiceNo) ?? { orderId: line.invoiceNo, customerId: line.customerId, placedAt: line.invoiceDate, skus: [] };
    if (!order.skus.includes(line.stockCode)) order.skus.push(line.stockCode);
    orders.set(line.invoiceNo, order);
  }
  return [...orders.values()].sort((a, b) => a.placedAt.localeCompare(b.placedAt) || a.orderId.localeCompare(b.orderId));
}

/** A catalog of the data set's products with no relations: the planner can only use bought-together. */
function catalogOf(lines: readonly RetailLine[]): Catalog {
  const products = new Map<string, Catalog['products'][number]>();
  for (const l of lines.filter(isProductLine)) {
    if (!products.has(l.stockCode)) {
      products.set(l.stockCode, { sku: l.stockCode, name: l.description || l.stockCode, category: 'gifts', price: l.unitPrice });
    }
  }
  return { products: [...products.values()] };
}

function basketId(order: Order, kind: BasketKind): string {
  if (kind === 'order') return order.orderId;
  if (kind === 'customer') return order.customerId;
  const quarter = Math.floor((Number(order.placedAt.slice(5, 7)) - 1) / 3) + 1;
  return `${order.customerId}#${order.placedAt.slice(0, 4)}Q${quarter}`;
}

function addOrders(state: CoPurchaseState, held: Map<string, Set<string>>, orders: readonly Order[], kind: BasketKind): BasketUpdate[] {
  const basketOrders: BasketOrder[] = orders.map((o) => ({ basketId: basketId(o, kind), skus: o.skus }));
  const updates = toBasketUpdates(basketOrders, held);
  addBaskets(state, updates);
  return updates;
}

/** Product rows an update writes: the new items, and the items already in the basket (they gain co-counts). */
const rowsWritten = (u: BasketUpdate): string[] => {
  const before = new Set(u.before);
  const added = u.added.filter((sku) => !before.has(sku));
  return added.length === 0 ? [] : [...new Set([...added, ...u.before])];
};

/** Rough DynamoDB size of a product row: each co-count map entry is its sku plus a small number. */
const rowBytes = (row: Record<string, number>): number =>
  Object.keys(row).reduce((bytes, sku) => bytes + sku.length + 4, 64);

/** The storage cost of the incremental path, measured on the orders between the cut-offs. */
function storageFigures(updates: readonly BasketUpdate[], orders: readonly Order[], state: CoPurchaseState): string[] {
  const perOrder = updates.map((u) => rowsWritten(u).length);
  const perNight = new Map<string, Set<string>>();
  updates.forEach((u, i) => {
    const night = orders[i]!.placedAt.slice(0, 10);
    for (const sku of rowsWritten(u)) (perNight.get(night) ?? perNight.set(night, new Set()).get(night)!).add(sku);
  });
  const sizes = Object.values(state.pairs).map(rowBytes).sort((a, b) => a - b);
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [
    mean(perOrder).toFixed(1),
    mean([...perNight.values()].map((rows) => rows.size)).toFixed(0),
    `${(sizes[Math.floor(sizes.length / 2)]! / 1024).toFixed(1)} KB`,
    `${(sizes.at(-1)! / 1024).toFixed(1)} KB`,
  ];
}

function casesAt(orders: readonly Order[], cutoff: string): EvalCase[] {
  const triggerFrom = addDays(cutoff, -TRIGGER_DAYS);
  const windowEnd = addDays(cutoff, HIT_WINDOW_DAYS);
  const byCustomer = new Map<string, EvalCase & { lastAt: string }>();
  for (const order of orders.filter((o) => o.placedAt < cutoff)) {
    const c = byCustomer.get(order.customerId) ?? { customerId: order.customerId, owned: {}, lastOrder: [], next: new Set(), lastAt: '' };
    for (const sku of order.skus) c.owned[sku] = order.placedAt;
    c.lastOrder = order.skus;
    c.lastAt = order.placedAt;
    byCustomer.set(order.customerId, c);
  }
  for (const order of orders.filter((o) => o.placedAt >= cutoff && o.placedAt < windowEnd)) {
    for (const sku of order.skus) byCustomer.get(order.customerId)?.next.add(sku);
  }
  return [...byCustomer.values()]
    .filter((c) => c.lastAt >= triggerFrom && c.next.size > 0)
    .sort((a, b) => a.customerId.localeCompare(b.customerId));
}

/** Best-sellers in [since, cutoff), by number of distinct customers. */
function bestSellers(orders: readonly Order[], cutoff: string, since = ''): string[] {
  const buyers = new Map<string, Set<string>>();
  for (const order of orders.filter((o) => o.placedAt >= since && o.placedAt < cutoff)) {
    for (const sku of order.skus) (buyers.get(sku) ?? buyers.set(sku, new Set()).get(sku)!).add(order.customerId);
  }
  return [...buyers.entries()].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0])).map(([sku]) => sku);
}

const popularityPicks = (ranking: readonly string[], c: EvalCase): string[] =>
  ranking.filter((sku) => !(sku in c.owned)).slice(0, MAX_SUGGESTIONS);

function plannerPicks(catalog: Catalog, related: (sku: string) => readonly RelatedItem[], c: EvalCase, now: string): string[] {
  const suggestions = planSuggestions({
    catalog,
    related: Object.fromEntries(c.lastOrder.map((sku) => [sku, related(sku)])),
    customerHistory: { owned: c.owned },
    alreadySuggested: new Set(),
    boughtNow: c.lastOrder.map((sku) => ({ sku, name: sku })),
    now,
  });
  return suggestions.flatMap((s) => (s.sku === undefined ? [] : [s.sku]));
}

const hitRate = (cases: readonly EvalCase[], picks: (c: EvalCase) => string[]): number =>
  cases.filter((c) => picks(c).some((sku) => c.next.has(sku))).length / cases.length;

function plannerHitRate(catalog: Catalog, state: CoPurchaseState, cases: readonly EvalCase[], p: Params, now: string): number {
  const cache = new Map<string, readonly RelatedItem[]>();
  const related = (sku: string) => {
    if (!cache.has(sku)) cache.set(sku, topRelated(state, sku, { minSupport: p.minSupport, topN: RELATED_PER_PRODUCT, measure: p.measure }));
    return cache.get(sku)!;
  };
  return hitRate(cases, (c) => plannerPicks(catalog, related, c, now));
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
const row = (cells: readonly (string | number)[]): string => cells.map((c, i) => String(c).padEnd(i === 0 ? 38 : 12)).join('');

function main(): void {
  const lines = loadOnlineRetail();
  const orders = toOrders(lines);
  const catalog = catalogOf(lines);
  const validationCases = casesAt(orders, VALIDATION_CUTOFF);
  const testCases = casesAt(orders, TEST_CUTOFF);
  const beforeValidation = orders.filter((o) => o.placedAt < VALIDATION_CUTOFF);
  const betweenCutoffs = orders.filter((o) => o.placedAt >= VALIDATION_CUTOFF && o.placedAt < TEST_CUTOFF);

  console.log(`Online Retail: ${orders.length} orders, ${catalog.products.length} products`);
  console.log(`validation cut-off ${VALIDATION_CUTOFF.slice(0, 10)}: ${validationCases.length} customers; test cut-off ${TEST_CUTOFF.slice(0, 10)}: ${testCases.length} customers\n`);
  console.log(row(['validation (hit rate @3)', ...MIN_SUPPORTS.map((s) => `minSup ${s}`)]));

  let best: { params: Params; rate: number } | undefined;
  const testStates = new Map<BasketKind, CoPurchaseState>();
  const storage: string[][] = [];
  for (const basket of BASKET_KINDS) {
    const state = emptyCoPurchase();
    const held = new Map<string, Set<string>>();
    addOrders(state, held, beforeValidation, basket);
    for (const measure of MEASURES) {
      const rates = MIN_SUPPORTS.map((minSupport) => {
        const params = { basket, measure, minSupport };
        const rate = plannerHitRate(catalog, state, validationCases, params, VALIDATION_CUTOFF);
        if (!best || rate > best.rate) best = { params, rate };
        return percent(rate);
      });
      console.log(row([`  ${basket} baskets, ${measure}`, ...rates]));
    }
    // The test state grows from the validation state with only the orders in between: the nightly job's path.
    const updates = addOrders(state, held, betweenCutoffs, basket);
    testStates.set(basket, state);
    storage.push([`  ${basket} baskets`, ...storageFigures(updates, betweenCutoffs, state)]);
  }
  const validationBaseline = hitRate(validationCases, (c) => popularityPicks(bestSellers(orders, VALIDATION_CUTOFF), c));
  console.log(row(['  popularity baseline', percent(validationBaseline)]));

  console.log(`\nstorage, ${betweenCutoffs.length} orders between the cut-offs added incrementally`);
  console.log(row(['', 'rows/order', 'rows/night', 'median row', 'largest row']));
  for (const cells of storage) console.log(row(cells));

  const chosen = best!.params;
  const testState = testStates.get(chosen.basket)!;
  const batch = emptyCoPurchase();
  addOrders(batch, new Map(), orders.filter((o) => o.placedAt < TEST_CUTOFF), chosen.basket);
  const ranking = bestSellers(orders, TEST_CUTOFF);
  // A stronger baseline than the brief's: what sold to the most customers in the last 90 days.
  const recentRanking = bestSellers(orders, TEST_CUTOFF, addDays(TEST_CUTOFF, -HIT_WINDOW_DAYS));

  console.log(`\nchosen on validation: ${chosen.basket} baskets, ${chosen.measure}, minSupport ${chosen.minSupport}`);
  console.log(`incremental counts equal batch counts at the test cut-off: ${isDeepStrictEqual(testState, batch) ? 'yes' : 'NO'}\n`);
  console.log(row(['test (customers evaluated)', 'hit rate @3']));
  console.log(row([`  planner, bought-together (${testCases.length})`, percent(plannerHitRate(catalog, testState, testCases, chosen, TEST_CUTOFF))]));
  console.log(row([`  popularity baseline (${testCases.length})`, percent(hitRate(testCases, (c) => popularityPicks(ranking, c)))]));
  console.log(row([`  popularity, last 90 days (${testCases.length})`, percent(hitRate(testCases, (c) => popularityPicks(recentRanking, c)))]));
}

main();
