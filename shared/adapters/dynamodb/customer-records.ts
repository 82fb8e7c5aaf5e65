import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { inGroups } from '../../concurrency/in-groups';
import type { CustomerItem, CustomerRecords } from '../../ports';
import { queryAll, type DynamoDeps } from './client';
import { customerPk, orderLogPk, orderLogSk, orderSk, PROFILE_SK, sellerPk } from './keys';

/** The kind of a seller's digest item: it is updated, not deleted, since it lists other customers too. */
const DIGEST_KIND = 'seller-digest';

/**
 * {@link CustomerRecords} by key, never by scan: the customer's own partition in one query, each
 * seller's partition (flags, returns and digests of 400 days) filtered to the items naming them, and
 * the given days of the up-serve order log by the customer's sort-key prefix.
 */
export function makeDynamoCustomerRecords({ doc, tableName }: DynamoDeps): CustomerRecords {
  const query = (pk: string, extra: { prefix?: string; filter?: string; names?: Record<string, string>; values?: Record<string, unknown> } = {}) =>
    queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: extra.prefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: extra.filter,
      ExpressionAttributeNames: extra.names,
      ExpressionAttributeValues: { ':pk': pk, ...(extra.prefix === undefined ? {} : { ':prefix': extra.prefix }), ...extra.values },
      ConsistentRead: true,
    });

  return {
    async own(customerId) {
      return (await query(customerPk(customerId))).map(toCustomerItem);
    },

    async mentions(customerId, { sellerIds, logDays }) {
      const naming = { filter: 'customerId = :id OR contains(customerIds, :id) OR contains(cameBackIds, :id)', values: { ':id': customerId } };
      // A log sort key starts with the customer id; the filter keeps out ids that merely start like it.
      const logLines = { prefix: orderLogSk(customerId, ''), filter: 'customerId = :id', values: { ':id': customerId } };
      const found = await Promise.all([
        ...[...new Set(sellerIds)].map((sellerId) => query(sellerPk(sellerId), naming)),
        ...[...new Set(logDays)].map((day) => query(orderLogPk(day), logLines)),
      ]);
      return found.flat().map(toCustomerItem);
    },

    async erase(customerId, items) {
      const profile = items.filter((i) => i.key.pk === customerPk(customerId) && i.key.sk === PROFILE_SK);
      await inGroups(
        items.filter((i) => !profile.includes(i)),
        (item) => (item.kind === DIGEST_KIND ? doc.send(digestWithout(tableName, item, customerId)) : doc.send(new DeleteCommand({ TableName: tableName, Key: item.key }))),
      );
      // The profile names the sellers and order days where the rest is found: it goes last.
      await inGroups(profile, (item) => doc.send(new DeleteCommand({ TableName: tableName, Key: item.key })));
    },
  };
}

const toCustomerItem = (item: Record<string, unknown>): CustomerItem => {
  const key = { pk: String(item.pk), sk: String(item.sk) };
  // Only an order cancelled before it arrived (its tombstone) is stored without a type.
  const kind = typeof item.type === 'string' ? item.type : key.sk.startsWith(orderSk('')) ? 'order' : 'item';
  return { kind, key, data: item };
};

/** A digest's lists and unpublished events with the customer taken out; the other customers it lists stay. */
function digestWithout(tableName: string, item: CustomerItem, customerId: string): UpdateCommand {
  const fields = Object.fromEntries(['customerIds', 'cameBackIds', 'outbox'].filter((f) => item.data[f] !== undefined).map((f) => [f, without(item.data[f], customerId)]));
  return new UpdateCommand({
    TableName: tableName,
    Key: item.key,
    UpdateExpression: `SET ${Object.keys(fields).map((f) => `#${f} = :${f}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(Object.keys(fields).map((f) => [`#${f}`, f])),
    ExpressionAttributeValues: Object.fromEntries(Object.entries(fields).map(([f, v]) => [`:${f}`, v])),
  });
}

/** `value` with every occurrence of the id as an array element removed, at any depth. */
const without = (value: unknown, id: string): unknown => {
  if (Array.isArray(value)) return value.filter((v) => v !== id).map((v) => without(v, id));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, without(v, id)]));
  return value;
};
