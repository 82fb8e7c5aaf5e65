import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RelatedItem } from '../../domain/upserve/co-purchase';
import type { StoredOrder, UpserveStore } from '../../ports';
import { batchGet } from './batch-get';
import type { DynamoDeps } from './client';
import { customerPk, orderSk, productPk, RELATED_SK, UPSERVE_SENT_SK } from './keys';
import { queryAll } from './client';
import { conditionHeld } from './conditional';

/** Sort key of the set of suggestion keys sent to a customer. */

/**
 * {@link UpserveStore} on the single table: what a customer owns comes from their order items
 * (`CUSTOMER#<id>` / `ORDER#…`), the keys already sent are one string set per customer, and
 * related items are the small `PRODUCT#<sku>` / `RELATED` rows the model job writes.
 */
export function makeDynamoUpserveStore(deps: DynamoDeps): UpserveStore {
  const { doc, tableName } = deps;
  const sentKey = (customerId: string) => ({ pk: customerPk(customerId), sk: UPSERVE_SENT_SK });
  const names = { '#keys': 'keys' };
  const placeholders = (keys: readonly string[]) => Object.fromEntries(keys.map((key, i) => [`:k${i}`, key]));

  return {
    async owned(customerId) {
      const orders = (await queryAll(doc, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :order)',
        ProjectionExpression: 'placedAt, #status, #items',
        ExpressionAttributeNames: { '#status': 'status', '#items': 'items' },
        ExpressionAttributeValues: { ':pk': customerPk(customerId), ':order': orderSk('') },
        ConsistentRead: true,
      })) as unknown as Pick<StoredOrder, 'placedAt' | 'status' | 'items'>[];
      const owned: Record<string, string> = {};
      for (const order of orders.filter((o) => o.status === 'active')) {
        for (const { sku } of order.items ?? []) {
          const last = owned[sku];
          if (last === undefined || order.placedAt > last) owned[sku] = order.placedAt;
        }
      }
      return owned;
    },

    async sentKeys(customerId) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: sentKey(customerId), ConsistentRead: true }));
      return sentKeysOf(Item);
    },

    async reserveKeys(customerId, keys) {
      if (keys.length === 0) return true;
      const values = placeholders(keys);
      return conditionHeld(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: sentKey(customerId),
            UpdateExpression: 'ADD #keys :new SET #type = :type',
            // The condition is what keeps "never twice" under racing sends: a key taken since the read fails the write.
            ConditionExpression: `attribute_not_exists(#keys) OR (${Object.keys(values).map((k) => `NOT contains(#keys, ${k})`).join(' AND ')})`,
            ExpressionAttributeNames: { ...names, '#type': 'type' },
            ExpressionAttributeValues: { ':new': new Set(keys), ':type': 'upserve-sent', ...values },
          }),
        ),
      );
    },

    async releaseKeys(customerId, keys) {
      if (keys.length === 0) return;
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: sentKey(customerId),
          UpdateExpression: 'DELETE #keys :gone',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':gone': new Set(keys) },
        }),
      );
    },

    async related(skus) {
      const unique = [...new Set(skus)];
      const items = await batchGet(deps, unique.map((sku) => ({ pk: productPk(sku), sk: RELATED_SK })));
      return Object.fromEntries(items.map((item) => [String(item.sku), item.items as RelatedItem[]]));
    },
  };
}

/** The suggestion keys a customer's `UPSERVE#SENT` item holds; none without it. */
export const sentKeysOf = (item: Record<string, unknown> | undefined): Set<string> => new Set((item?.keys as Set<string> | undefined) ?? []);
