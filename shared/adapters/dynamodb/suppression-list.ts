import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SuppressionList } from '../../ports';
import { batchGet } from './batch-get';
import type { DynamoDeps } from './client';
import { conditionHeld } from './conditional';
import { addressSuppressionKey, customerSuppressionKey } from './keys';

/** {@link SuppressionList}: one item per address and one per customer who opted out; the first reason recorded is kept. */
export function makeDynamoSuppressionList(deps: DynamoDeps): SuppressionList {
  const { doc, tableName } = deps;
  const put = (key: { pk: string; sk: string }, entry: object) =>
    conditionHeld(doc.send(new PutCommand({ TableName: tableName, Item: { ...key, type: 'suppression', ...entry }, ConditionExpression: 'attribute_not_exists(pk)' })));
  return {
    async isSuppressed(email, customerId) {
      // Both keys in one round trip: the dispatcher asks before every send.
      if (customerId !== undefined) return (await batchGet(deps, [addressSuppressionKey(email), customerSuppressionKey(customerId)], { consistent: true })).length > 0;
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: addressSuppressionKey(email), ConsistentRead: true }));
      return Item !== undefined;
    },
    async suppress({ email, ...entry }) {
      const ofCustomer = entry.customerId !== undefined && entry.reason !== 'bounce';
      const written = await Promise.all([put(addressSuppressionKey(email), entry), ofCustomer && put(customerSuppressionKey(entry.customerId!), entry)]);
      return written.includes(true);
    },
  };
}
