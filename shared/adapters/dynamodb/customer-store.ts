import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrderPlaced } from '../../contracts/events';
import { RISK_DUE } from '../../contracts/table';
import { profileStats, type CustomerProfile } from '../../domain/purchase';
import { toUtc } from '../../domain/time';
import type { CustomerStore, OrderRecordResult, StoredOrder } from '../../ports';
import { customerPk, orderSk, PROFILE_SK, riskDueSk } from './keys';
import type { CapacityMeter } from './capacity';
import { ifConditionHolds } from './conditional';

/** Dependencies of the DynamoDB adapters. */
export interface DynamoDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** Collects consumed capacity when given (benchmarks). */
  meter?: CapacityMeter;
}

/** {@link CustomerStore} on the single table: profile and orders under `CUSTOMER#<id>`. */
export function makeDynamoCustomerStore({ doc, tableName, meter }: DynamoDeps): CustomerStore {
  const capacity = meter ? ({ ReturnConsumedCapacity: 'TOTAL' } as const) : {};
  return {
    async recordOrder(order: OrderPlaced): Promise<OrderRecordResult> {
      try {
        const out = await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: orderItem(order),
            ConditionExpression: 'attribute_not_exists(pk)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            ...capacity,
          }),
        );
        meter?.add('write', out.ConsumedCapacity);
        return 'recorded';
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return error.Item?.status?.S === 'cancelled' ? 'cancelled' : 'exists';
      }
    },

    async markOrderCancelled(customerId, orderId, cancelledAt) {
      const out = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: customerPk(customerId), sk: orderSk(orderId) },
          UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': toUtc(cancelledAt) },
          ...capacity,
        }),
      );
      meter?.add('write', out.ConsumedCapacity);
    },

    async getOrder(customerId, orderId) {
      const out = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: customerPk(customerId), sk: orderSk(orderId) }, ...capacity }));
      meter?.add('read', out.ConsumedCapacity);
      if (!out.Item) return undefined;
      const { placedAt, status, currency, total, items } = out.Item as StoredOrder;
      return { orderId, placedAt, status, currency, total, items: items ?? [] };
    },

    async getProfile(customerId) {
      const out = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: customerPk(customerId), sk: PROFILE_SK },
          ConsistentRead: true,
          ...capacity,
        }),
      );
      meter?.add('read', out.ConsumedCapacity);
      return out.Item ? fromProfileItem(out.Item) : undefined;
    },

    async saveProfile(profile) {
      const out = await ifConditionHolds(
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: profileItem(profile),
            ConditionExpression: profile.version === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
            ExpressionAttributeValues: profile.version === 0 ? undefined : { ':read': profile.version },
            ...capacity,
          }),
        ),
      );
      meter?.add('write', out?.ConsumedCapacity);
      return out !== undefined;
    },
  };
}

const orderItem = (order: OrderPlaced) => ({
  pk: customerPk(order.customer.id),
  sk: orderSk(order.orderId),
  type: 'order',
  orderId: order.orderId,
  placedAt: toUtc(order.placedAt),
  status: 'active',
  currency: order.currency,
  total: order.total,
  items: order.items.map(({ sku, name, category, quantity, unitPrice }) => ({ sku, name, category, quantity, unitPrice })),
});

/**
 * The stored profile carries its derived figures too, so people and queries can read them directly.
 * Every profile sits in the due index under {@link RISK_DUE}: at its next risk check, or parked when
 * none is due, so the weekly refit lists the customers without scanning the table.
 */
const profileItem = (profile: CustomerProfile) => {
  const { meanIntervalDays, stdIntervalDays, ...stats } = profileStats(profile);
  return {
    pk: customerPk(profile.customerId),
    sk: PROFILE_SK,
    type: 'profile',
    ...withoutUndefined(profile),
    ...withoutUndefined({ ...stats, meanIntervalDays, stdIntervalDays }),
    duePk: RISK_DUE,
    dueSk: riskDueSk(profile.customerId, profile.riskDueAt),
    version: profile.version + 1,
  };
};

const fromProfileItem = (item: Record<string, unknown>): CustomerProfile => {
  const { customerId, email, name, sellerId, timeZone, locale, marketingConsent, contactAsOf } = item as unknown as CustomerProfile;
  const { orders, totals, currency, firstPurchase, riskDueAt, riskFlag, version } = item as unknown as CustomerProfile;
  return withoutUndefined({
    customerId, email, name, sellerId, timeZone, locale, marketingConsent, contactAsOf,
    orders, totals, currency, firstPurchase, riskDueAt, riskFlag, version,
  }) as CustomerProfile;
};

/** DynamoDB rejects undefined attribute values; optional fields are simply absent. */
export const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
