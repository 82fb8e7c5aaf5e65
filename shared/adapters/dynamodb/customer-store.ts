import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderPlaced } from '../../contracts/events';
import { RISK_DUE, TableShape } from '../../contracts/table';
import { historyOf, type ActiveOrder, type CustomerProfile } from '../../domain/purchase';
import { toUtc } from '../../domain/time';
import type { CustomerStore, OrderRecordResult, PurchaseHistories, RiskSchedule, StoredOrder } from '../../ports';
import { batchGet } from './batch-get';
import { queryAll, withoutUndefined, type DynamoDeps } from './client';
import { customerIdOfPk, customerPk, dueUntil, ORDER_PREFIX, orderSk, PROFILE_SK, riskDueSk } from './keys';
import { ifConditionHolds } from './conditional';

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

    activeOrders: (customerId) => activeOrders({ doc, tableName, meter }, customerId),

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

    async getProfiles(customerIds) {
      const items = await batchGet({ doc, tableName, meter }, [...new Set(customerIds)].map((id) => ({ pk: customerPk(id), sk: PROFILE_SK })), { consistent: true });
      return new Map(items.map((item) => [customerIdOfPk(item.pk), fromProfileItem(item)]));
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

/** A customer's active orders, paged, without their lines (a strongly consistent read: it decides what a profile counts). */
async function activeOrders(deps: DynamoDeps, customerId: string): Promise<ActiveOrder[]> {
  const items = await queryAll(
    deps.doc,
    {
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :orders)',
      FilterExpression: '#status = :active',
      ProjectionExpression: 'orderId, placedAt, #total, currency',
      ExpressionAttributeNames: { '#status': 'status', '#total': 'total' },
      ExpressionAttributeValues: { ':pk': customerPk(customerId), ':orders': ORDER_PREFIX, ':active': 'active' },
      ConsistentRead: true,
      ...(deps.meter ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
    },
    deps.meter,
  );
  return items.map(({ orderId, placedAt, total, currency }) => ({ orderId, placedAt, total, currency }) as ActiveOrder);
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
 * Every profile sits in the due index under {@link RISK_DUE}: at its next risk check, or parked when
 * none is due, so the weekly refit lists the customers without scanning the table. Derived figures
 * (order count, spend, intervals) are computed from the orders when needed, never stored.
 */
const profileItem = (profile: CustomerProfile) => ({
  pk: customerPk(profile.customerId),
  sk: PROFILE_SK,
  type: 'profile',
  ...withoutUndefined(profile),
  duePk: RISK_DUE,
  dueSk: riskDueSk(profile.customerId, profile.riskDueAt),
  version: profile.version + 1,
});

export const fromProfileItem = (item: Record<string, unknown>): CustomerProfile => {
  const { customerId, email, name, sellerId, timeZone, locale, phone, company, marketingConsent, contactAsOf } = item as unknown as CustomerProfile;
  const { orders, totals, earlier, currency, firstPurchase, riskDueAt, riskFlag, pastFlags, version } = item as unknown as CustomerProfile;
  return withoutUndefined({
    customerId, email, name, sellerId, timeZone, locale, phone, company, marketingConsent, contactAsOf,
    orders, totals, earlier, currency, firstPurchase, riskDueAt, riskFlag, pastFlags, version,
  }) as CustomerProfile;
};

// The due index entries below are the profile items themselves: this module is their one writer.

/**
 * {@link RiskSchedule} on the due index: profiles sit under {@link RISK_DUE} sorted by their next check
 * (parked after the last date when none is due), so the daily scorer reads only the keys of
 * customers due, never the customer base.
 */
export function makeDynamoRiskSchedule({ doc, tableName, meter }: DynamoDeps): RiskSchedule {
  const capacity = meter ? ({ ReturnConsumedCapacity: 'TOTAL' } as const) : {};
  return {
    async due(now) {
      const keys = await queryAll(
        doc,
        {
          TableName: tableName,
          IndexName: TableShape.dueIndex.name,
          KeyConditionExpression: 'duePk = :due AND dueSk <= :now',
          ExpressionAttributeValues: { ':due': RISK_DUE, ':now': dueUntil(now) },
          ...capacity,
        },
        meter,
      );
      return keys.map((item) => customerIdOfPk(item.pk));
    },

    async settle(customerId, dueAt) {
      const out = await ifConditionHolds(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: customerPk(customerId), sk: PROFILE_SK },
            // The version moves too, so an intake that read the profile before this re-reads it instead of writing the old check back.
            UpdateExpression: 'REMOVE riskDueAt SET dueSk = :parked, version = version + :one',
            ConditionExpression: 'riskDueAt = :due',
            ExpressionAttributeValues: { ':due': dueAt, ':parked': riskDueSk(customerId, undefined), ':one': 1 },
            ...capacity,
          }),
        ),
      );
      meter?.add('write', out?.ConsumedCapacity);
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
      const profiles = (await Promise.all(lanes.map((laneKeys) => batchGet(deps, laneKeys)))).flat() as unknown as CustomerProfile[];
      // The few customers with folded orders: their whole history comes from their order items.
      return Promise.all(profiles.map(async (p) => historyOf(p, p.earlier ? await activeOrders(deps, p.customerId) : undefined)));
    },
  };
}
