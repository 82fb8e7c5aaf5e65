import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ORDER_LOG_DAYS, type LoggedOrder, type StoredBasket } from '../../domain/upserve/nightly';
import { inGroups } from '../../concurrency/in-groups';
import type { CoPurchaseStore, CoPurchaseTotals, ProductCounts } from '../../ports';
import { batchGet } from './batch-get';
import { batchPut } from './batch-write';
import type { DynamoDeps } from './client';
import { basketIdOf, basketKey, COUNTS_SK, expiresAfter, orderLogPk, orderLogSk, productPk, RELATED_SK, UPSERVE_TOTALS_KEY } from './keys';
import { queryAll } from './client';
import { ifConditionHolds } from './conditional';


/**
 * {@link CoPurchaseStore} on the single table (layout in docs/upserve.md): the order log as one
 * partition per day, baskets under their customer, counts and related items under `PRODUCT#<sku>`,
 * totals in one item. Every write of a day's work is conditional on that day not being applied yet.
 */
export function makeDynamoCoPurchaseStore(deps: DynamoDeps): CoPurchaseStore {
  const { doc, tableName, meter } = deps;
  const capacity = meter ? ({ ReturnConsumedCapacity: 'TOTAL' } as const) : {};

  /** A put that only replaces an item of an earlier day; false when the day's version is there. */
  const putForDay = async (item: Record<string, unknown>, day: string): Promise<boolean> => {
    const out = await ifConditionHolds(
      doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...item, appliedThrough: day },
          ConditionExpression: 'attribute_not_exists(pk) OR appliedThrough < :day',
          ExpressionAttributeValues: { ':day': day },
          ...capacity,
        }),
      ),
    );
    meter?.add('write', out?.ConsumedCapacity);
    return out !== undefined;
  };

  return {
    async logOrder(day, order) {
      const out = await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: orderLogPk(day), sk: orderLogSk(order.customerId, order.orderId), type: 'upserve-log', ...order, expiresAt: expiresAfter(`${day}T00:00:00Z`, ORDER_LOG_DAYS) },
          ...capacity,
        }),
      );
      meter?.add('write', out.ConsumedCapacity);
    },

    async loggedOrders(day) {
      const items = await queryAll(doc, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': orderLogPk(day) },
        ConsistentRead: true,
        ...capacity,
      }, meter);
      return items.map(({ customerId, orderId, placedAt, skus }) => ({ customerId, orderId, placedAt, skus }) as LoggedOrder);
    },

    async totals() {
      const out = await doc.send(new GetCommand({ TableName: tableName, Key: UPSERVE_TOTALS_KEY, ConsistentRead: true, ...capacity }));
      meter?.add('read', out.ConsumedCapacity);
      if (!out.Item) return undefined;
      const { baskets, items, appliedThrough } = out.Item as CoPurchaseTotals;
      return { baskets, items, appliedThrough };
    },

    async saveTotals(totals) {
      const out = await doc.send(new PutCommand({ TableName: tableName, Item: { ...UPSERVE_TOTALS_KEY, type: 'upserve-totals', ...totals }, ...capacity }));
      meter?.add('write', out.ConsumedCapacity);
    },

    async baskets(ids) {
      const items = await batchGet(deps, ids.map(basketKey), { consistent: true });
      return new Map(items.map((item) => [basketIdOf(item), { skus: item.skus, added: item.added, appliedThrough: item.appliedThrough } as StoredBasket]));
    },

    async saveBaskets(day, baskets) {
      await inGroups([...baskets], ([id, basket]) => putForDay({ ...basketKey(id), type: 'upserve-basket', ...basket }, day));
    },

    async counts(skus) {
      const items = await batchGet(deps, skus.map((sku) => ({ pk: productPk(sku), sk: COUNTS_SK })), { consistent: true });
      return new Map(items.map((item) => [String(item.sku), { co: item.co as Record<string, number>, appliedThrough: item.appliedThrough as string }]));
    },

    saveCounts: (sku, day, { co }: ProductCounts) => putForDay({ pk: productPk(sku), sk: COUNTS_SK, type: 'upserve-counts', sku, co }, day),

    // Related items are simply replaced (a rerun writes the same), so they need no condition and go 25 per call.
    saveRelated: (related, computedAt) =>
      batchPut(deps, [...related].map(([sku, items]) => ({ pk: productPk(sku), sk: RELATED_SK, type: 'upserve-related', sku, items, computedAt }))),
  };
}
