import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FinishedStep } from '../../domain/measure/attribution';
import type { ConversionLedger } from '../../ports';
import type { DynamoDeps } from './client';
import { conditionHeld } from './conditional';
import { conversionSk, customerPk, expiresAfter, stepPrefix } from './keys';
import { queryAll } from './client';

/** A conversion record is kept as long as the contact history it was read from. */
const KEEP_DAYS = 730;

/** {@link ConversionLedger} on the single table: the customer's `OUTREACH#` items and one `CONVERSION#<orderId>` item per announced order. */
export function makeDynamoConversionLedger({ doc, tableName }: DynamoDeps): ConversionLedger {
  return {
    async finishedSteps(customerId) {
      const items = await queryAll(doc, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#status IN (:sent, :skipped)',
        ProjectionExpression: 'flow, kind, sequenceId, stepId, #status, reason, sentAt, finishedAt, payload',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': stepPrefix(), ':sent': 'sent', ':skipped': 'skipped' },
      });
      return items as unknown as FinishedStep[];
    },

    claim: (customerId, orderId, at) =>
      conditionHeld(
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk: customerPk(customerId), sk: conversionSk(orderId), type: 'conversion', at, expiresAt: expiresAfter(at, KEEP_DAYS) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      ),

    async release(customerId, orderId) {
      await doc.send(new DeleteCommand({ TableName: tableName, Key: { pk: customerPk(customerId), sk: conversionSk(orderId) } }));
    },
  };
}
