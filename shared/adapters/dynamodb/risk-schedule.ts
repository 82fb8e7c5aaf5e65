import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RISK_DUE, TableShape } from '../../contracts/table';
import type { RiskSchedule } from '../../ports';
import type { DynamoDeps } from './customer-store';
import { PROFILE_SK, customerPk } from './keys';

/**
 * {@link RiskSchedule} on the sparse due index: a profile carries `duePk` = {@link RISK_DUE} while its
 * check waits, so the daily scorer reads only the keys of customers due, never the customer base.
 */
export function makeDynamoRiskSchedule({ doc, tableName, meter }: DynamoDeps): RiskSchedule {
  const capacity = meter ? ({ ReturnConsumedCapacity: 'TOTAL' } as const) : {};
  return {
    async due(now) {
      const ids: string[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: TableShape.dueIndex.name,
            KeyConditionExpression: 'duePk = :due AND dueSk <= :now',
            ExpressionAttributeValues: { ':due': RISK_DUE, ':now': `${now}~` },
            ExclusiveStartKey,
            ...capacity,
          }),
        );
        meter?.add('read', page.ConsumedCapacity);
        ids.push(...(page.Items ?? []).map((item) => String(item.pk).slice(customerPk('').length)));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return ids;
    },

    async settle(customerId, dueAt) {
      try {
        const out = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: customerPk(customerId), sk: PROFILE_SK },
            // The version moves too, so an intake that read the profile before this re-reads it instead of writing the old check back.
            UpdateExpression: 'REMOVE riskDueAt, duePk, dueSk SET version = version + :one',
            ConditionExpression: 'riskDueAt = :due',
            ExpressionAttributeValues: { ':due': dueAt, ':one': 1 },
            ...capacity,
          }),
        );
        meter?.add('write', out.ConsumedCapacity);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}
