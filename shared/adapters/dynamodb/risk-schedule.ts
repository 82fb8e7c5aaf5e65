import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RISK_DUE, TableShape } from '../../contracts/table';
import type { RiskSchedule } from '../../ports';
import type { DynamoDeps } from './customer-store';
import { PROFILE_SK, customerPk, riskDueSk } from './keys';
import { queryAll } from './outreach-queue';
import { ifConditionHolds } from './conditional';

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
          ExpressionAttributeValues: { ':due': RISK_DUE, ':now': `${now}~` },
          ...capacity,
        },
        meter,
      );
      return keys.map((item) => String(item.pk).slice(customerPk('').length));
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
