import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { PurchaseHistories, RiskModelStore, StoredRiskModel } from '../../ports';
import { historyOf } from '../../domain/risk/assess';
import type { CustomerProfile } from '../../domain/purchase';
import type { DynamoDeps } from './customer-store';
import { PROFILE_SK, RISK_MODEL_KEY } from './keys';

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

/** Parallel scan segments: enough to keep DynamoDB busy without one Lambda holding too many pages in flight. */
const SEGMENTS = 4;

/**
 * {@link PurchaseHistories} by a parallel, paginated scan that keeps the profiles' orders and totals.
 * A refit needs every customer's history, so it reads the whole table once a week; that is the
 * one job whose cost grows with the customer base, and it runs weekly, not daily.
 */
export function makeDynamoPurchaseHistories({ doc, tableName, meter }: DynamoDeps): PurchaseHistories {
  const segment = async (index: number) => {
    const profiles: Pick<CustomerProfile, 'customerId' | 'orders' | 'totals'>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({
          TableName: tableName,
          Segment: index,
          TotalSegments: SEGMENTS,
          FilterExpression: 'sk = :profile',
          ProjectionExpression: 'customerId, orders, totals',
          ExpressionAttributeValues: { ':profile': PROFILE_SK },
          ExclusiveStartKey,
          ...(meter ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
        }),
      );
      meter?.add('read', page.ConsumedCapacity);
      profiles.push(...((page.Items ?? []) as typeof profiles));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return profiles;
  };
  return {
    async all() {
      const segments = await Promise.all(Array.from({ length: SEGMENTS }, (_, i) => segment(i)));
      return segments.flat().map(historyOf);
    },
  };
}
