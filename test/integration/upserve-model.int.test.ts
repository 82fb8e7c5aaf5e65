import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { updateCoPurchase } from '../../functions/upserve-model/update-co-purchase';
import { CapacityMeter } from '../../shared/adapters/dynamodb/capacity';
import { makeDynamoCoPurchaseStore } from '../../shared/adapters/dynamodb/co-purchase-store';
import { productPk } from '../../shared/adapters/dynamodb/keys';
import { makeDynamoUpserveStore } from '../../shared/adapters/dynamodb/upserve-store';
import { addBaskets, emptyCoPurchase, toBasketUpdates, type CoPurchaseState } from '../../shared/domain/upserve/co-purchase';
import { basketIdOf, dayOf, type LoggedOrder } from '../../shared/domain/upserve/nightly';
import { addDays } from '../../shared/domain/time';
import type { CoPurchaseStore } from '../../shared/ports';
import { freshTable } from '../support/local';
import { countingDoc } from '../support/sdk-call-count';

const SKUS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const settings = { enabled: true, minSupport: 3, settleHours: 2 };

/** `perDay` orders a day for `days` days from `start`, of `customers` customers, each of 1–3 skus; deterministic per seed. */
function orders(start: string, days: number, perDay: number, seed = 1, customers = 40): LoggedOrder[] {
  let state = seed;
  const next = () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
  return Array.from({ length: days * perDay }, (_, i) => {
    const skus = [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => SKUS[Math.floor(next() * SKUS.length)]!))];
    return { customerId: `c-${seed}-${Math.floor(next() * customers)}`, orderId: `o-${seed}-${i}`, placedAt: addDays(start, Math.floor(i / perDay) + 0.4 + next() * 0.5), skus };
  });
}

/** The counts of every order at once, the way a from-scratch rebuild would compute them. */
const fromScratch = (all: readonly LoggedOrder[]): CoPurchaseState =>
  addBaskets(emptyCoPurchase(), toBasketUpdates(all.map((o) => ({ basketId: basketIdOf(o), skus: o.skus })), new Map()));

/** Logs orders as the planner does, on the day of their purchase event. */
const log = (store: CoPurchaseStore, batch: readonly LoggedOrder[]) => Promise.all(batch.map((o) => store.logOrder(dayOf(o.placedAt), o)));

/** Nightly runs at 02:30 UTC from the night after `start` for `nights` nights. */
async function nightly(store: CoPurchaseStore, start: string, nights: number): Promise<void> {
  for (let n = 1; n <= nights; n++) await updateCoPurchase({ store, config: settings, now: addDays(`${dayOf(start)}T02:30:00.000Z`, n) });
}

/** The stored counts as one state, to compare with {@link fromScratch}. */
async function storedState(store: CoPurchaseStore): Promise<CoPurchaseState> {
  const totals = (await store.totals())!;
  const rows = await store.counts(SKUS);
  return { baskets: totals.baskets, items: totals.items, pairs: Object.fromEntries([...rows].map(([sku, row]) => [sku, row.co])) };
}

describe('the nightly bought-together model against DynamoDB Local', () => {
  it('adds each night to the counts exactly as counting every order at once would, across a quarter boundary', async () => {
    const table = await freshTable();
    const store = makeDynamoCoPurchaseStore(table);
    const all = orders('1997-03-25T00:00:00.000Z', 12, 15);
    await log(store, all);

    await nightly(store, '1997-03-25T00:00:00.000Z', 13);

    expect(await storedState(store)).toEqual(fromScratch(all));
    expect((await store.totals())!.appliedThrough).toBe('1997-04-06');
  });

  it("keeps two orders whose customer and order ids join alike: ids may hold '#'", async () => {
    const store = makeDynamoCoPurchaseStore(await freshTable());
    const placedAt = '1997-03-25T10:00:00.000Z';
    const twins: LoggedOrder[] = [
      { customerId: 'a#b', orderId: 'c', placedAt, skus: ['a'] },
      { customerId: 'a', orderId: 'b#c', placedAt, skus: ['b'] },
    ];
    await log(store, twins);

    expect(await store.loggedOrders(dayOf(placedAt))).toEqual(expect.arrayContaining(twins));
    expect(await store.loggedOrders(dayOf(placedAt))).toHaveLength(2);
  });

  it('changes nothing twice when a run fails halfway through a day and the next run repeats it', async () => {
    const table = await freshTable();
    const store = makeDynamoCoPurchaseStore(table);
    const all = orders('1997-05-01T00:00:00.000Z', 3, 20);
    await log(store, all);
    let failAfter = 2;
    const flaky: CoPurchaseStore = {
      ...store,
      async saveCounts(...args) {
        if (failAfter-- === 0) throw new Error('connection reset');
        return store.saveCounts(...args);
      },
    };
    const failingBaskets: CoPurchaseStore = {
      ...store,
      async saveBaskets(day, baskets) {
        await store.saveBaskets(day, new Map([...baskets].slice(0, 3)));
        throw new Error('timeout');
      },
    };

    await nightly(store, '1997-05-01T00:00:00.000Z', 1); // day 1 applied
    await expect(updateCoPurchase({ store: flaky, config: settings, now: '1997-05-03T02:30:00.000Z' })).rejects.toThrow('connection reset');
    await expect(updateCoPurchase({ store: failingBaskets, config: settings, now: '1997-05-03T02:30:00.000Z' })).rejects.toThrow('timeout');
    await updateCoPurchase({ store, config: settings, now: '1997-05-03T02:30:00.000Z' });
    await updateCoPurchase({ store, config: settings, now: '1997-05-04T02:30:00.000Z' });

    expect(await storedState(store)).toEqual(fromScratch(all));
  });

  it('waits until a day has settled, so purchase events that arrive a little late are still counted', async () => {
    const table = await freshTable();
    const store = makeDynamoCoPurchaseStore(table);
    await log(store, [{ customerId: 'c-1', orderId: 'o-1', placedAt: '1997-06-01T23:50:00.000Z', skus: ['a', 'b'] }]);

    expect(await updateCoPurchase({ store, config: settings, now: '1997-06-02T01:00:00.000Z' })).toMatchObject({ orders: 0 });
    await log(store, [{ customerId: 'c-2', orderId: 'o-2', placedAt: '1997-06-01T23:59:00.000Z', skus: ['a', 'b'] }]);
    expect(await updateCoPurchase({ store, config: settings, now: '1997-06-02T02:30:00.000Z' })).toMatchObject({ days: 1, orders: 2 });
    expect((await store.counts(['a'])).get('a')!.co).toEqual({ b: 2 });
  });

  it('stores related items per product, ranked by cosine and only with enough support', async () => {
    const table = await freshTable();
    const store = makeDynamoCoPurchaseStore(table);
    const together = (n: number, skus: string[], from: number) =>
      Array.from({ length: n }, (_, i) => ({ customerId: `c-${from + i}`, orderId: `o-${from + i}`, placedAt: '1997-07-01T12:00:00.000Z', skus }));
    // "a" sells with everything, "b" with "c" specifically; "d" and "e" meet twice, below the minimum support of 3.
    await log(store, [...together(6, ['a', 'b', 'c'], 0), ...together(10, ['a'], 10), ...together(4, ['a', 'b'], 20), ...together(2, ['d', 'e'], 30)]);

    await updateCoPurchase({ store, config: settings, now: '1997-07-02T03:00:00.000Z' });

    const related = await makeDynamoUpserveStore(table).related(['b', 'c', 'd']);
    expect(related.c!.map((r) => r.sku)).toEqual(['b', 'a']);
    expect(related.c![0]).toMatchObject({ together: 6, confidence: 1 });
    expect(related.b!.map((r) => r.sku)).toEqual(['c', 'a']);
    expect(related.d).toEqual([]);
    const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk: productPk('c'), sk: 'RELATED' } }));
    expect(Item).toMatchObject({ computedAt: '1997-07-02T03:00:00.000Z' });
  });

  it('costs the same per new order after a long history as early on: it reads only the new orders and their rows', async () => {
    const table = await freshTable();
    const meter = new CapacityMeter();
    const store = makeDynamoCoPurchaseStore({ ...table, meter });
    const night = async (day: string, batch: LoggedOrder[]) => {
      await log(store, batch);
      const before = { ...meter.units };
      await updateCoPurchase({ store, config: settings, now: `${dayOf(addDays(day, 1))}T02:30:00.000Z` });
      return { read: (meter.units.read - before.read) / batch.length, write: (meter.units.write - before.write) / batch.length };
    };

    // Each night 40 orders of 30 customers new that night, so every night does the same kind of work.
    const nights = [];
    for (let d = 0; d < 31; d++) nights.push(await night(addDays('1997-01-01T00:00:00.000Z', d), orders(addDays('1997-01-01T00:00:00.000Z', d), 1, 40, 100 + d, 30)));
    // The first night finds no rows to read; from the second on, the product rows exist.
    const [, second] = nights;
    const later = nights.at(-1)!;

    // 1,200 orders of history later, a night of 40 new orders costs what the second night did.
    expect(later.read).toBeLessThanOrEqual(second!.read * 1.25);
    expect(later.write).toBeLessThanOrEqual(second!.write * 1.25);
  });
});

describe('the DynamoDB requests of a nightly model run', () => {
  it('writes related items 25 per BatchWriteItem; counts, baskets and totals stay conditional single puts', async () => {
    const table = await freshTable();
    // 60 customers, each buying a pair of neighbours among 60 products: every product is touched.
    const products = Array.from({ length: 60 }, (_, i) => `p-${i}`);
    const placedAt = '1997-08-01T12:00:00.000Z';
    await log(makeDynamoCoPurchaseStore(table), products.map((sku, i) => ({ customerId: `c-${i}`, orderId: `o-${i}`, placedAt, skus: [sku, products[(i + 1) % 60]!] })));
    const { doc, calls, stop } = countingDoc();

    const result = await updateCoPurchase({ store: makeDynamoCoPurchaseStore({ doc, tableName: table.tableName }), config: { ...settings, minSupport: 1 }, now: '1997-08-02T02:30:00.000Z' }).finally(stop);

    expect(result).toMatchObject({ orders: 60, products: 60 });
    expect(calls.BatchWriteItem).toBe(3);
    // One count row per product, one basket per customer, the totals after each day applied (the first run catches up a log's span).
    expect(calls.PutItem).toBe(60 + 60 + result.days);
    const related = await makeDynamoUpserveStore(table).related(products);
    expect(Object.keys(related)).toHaveLength(60);
    expect(related['p-0']!.map((r) => r.sku).sort()).toEqual(['p-1', 'p-59']);
  }, 60_000);
});

describe('suggestion keys sent to a customer', () => {
  it('lets only one of two racing sends record an overlapping key, and gives keys back', async () => {
    const store = makeDynamoUpserveStore(await freshTable());
    const results = await Promise.all([store.reserveKeys('c-1', ['product:a', 'care-tip:x']), store.reserveKeys('c-1', ['product:a', 'how-to:y'])]);

    expect(results.sort()).toEqual([false, true]);
    expect(await store.reserveKeys('c-1', ['product:b'])).toBe(true);
    await store.releaseKeys('c-1', ['product:b']);
    expect(await store.reserveKeys('c-1', ['product:b'])).toBe(true);
    expect((await store.sentKeys('c-1')).size).toBe(3);
  });
});
