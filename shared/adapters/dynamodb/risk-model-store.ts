import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { RISK_DUE, TableShape } from '../../contracts/table';
import type { PurchaseHistories, RiskModelStore, StoredRiskModel } from '../../ports';
import { historyOf } from '../../domain/risk/assess';
import type { CustomerProfile } from '../../domain/purchase';
import type { DynamoDeps } from './customer-store';
import { batchGet } from './batch-get';
import { RISK_MODEL_KEY } from './keys';
import { queryAll } from './outreach-queue';

/** {@link RiskModelStore}: the current model as one item, replaced by each fit. */
export function makeDynamoRiskModelStore({ doc, tableName }: DynamoDeps): RiskModelStore {
  return {
    async latest() {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: RISK_MODEL_KEY }));
      if (!Item) return undefined;
      const { model, fittedOn, customers, repeatCustomers } = Item as StoredRiskModel;
      return { model, fittedOn, customers, repeatCustomers };
    },
    async save(stored) {
      await doc.send(new PutCommand({ TableName: tableName, Item: { ...RISK_MODEL_KEY, type: 'risk-model', ...stored } }));
    },
  };
}

/** Batch reads in flight at once: a few lanes keep DynamoDB busy without a burst of throttling. */
const READ_LANES = 4;

/**
 * {@link PurchaseHistories}: every profile is listed in the due index under {@link RISK_DUE} (keys
 * only, paged), then read in batches of 100, several at a time. A refit needs every customer's
 * history, so it reads each profile once a week; the one job whose cost grows with the customer
 * base, but only with it: nothing else the table holds (orders, outreach history) is read.
 */
export function makeDynamoPurchaseHistories(deps: DynamoDeps): PurchaseHistories {
  return {
    async all() {
      const keys = await queryAll(
        deps.doc,
        {
          TableName: deps.tableName,
          IndexName: TableShape.dueIndex.name,
          KeyConditionExpression: 'duePk = :due',
          ExpressionAttributeValues: { ':due': RISK_DUE },
          ...(deps.meter ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
        },
        deps.meter,
      );
      const profileKeys = keys.map((k) => ({ pk: String(k.pk), sk: String(k.sk) }));
      const lanes = Array.from({ length: READ_LANES }, (_, lane) => profileKeys.filter((_, i) => Math.floor(i / 100) % READ_LANES === lane));
      const profiles = (await Promise.all(lanes.map((laneKeys) => batchGet(deps, laneKeys)))).flat();
      return profiles.map((p) => historyOf(p as Pick<CustomerProfile, 'customerId' | 'orders' | 'totals'>));
    },
  };
}
