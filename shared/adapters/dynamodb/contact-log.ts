import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactLog } from '../../ports';
import type { DynamoDeps } from './client';
import { CONTACTS_SK, customerPk } from './keys';
import { conditionHeld, ifConditionHolds } from './conditional';

/** A stored log's sends and version; a customer never mailed has none, at version 0. */
export const logOf = (item: Record<string, unknown> | undefined) => ({ sends: (item?.sends as string[] | undefined) ?? [], version: (item?.version as number | undefined) ?? 0 });

/** Enough history for any sensible frequency cap. */
const KEEP = 20;

/** {@link ContactLog} as one small item per customer, written with optimistic concurrency. */
export function makeDynamoContactLog(deps: DynamoDeps): ContactLog {
  const { doc, tableName } = deps;
  const Key = (customerId: string) => ({ pk: customerPk(customerId), sk: CONTACTS_SK });
  return {
    async recent(customerId) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: Key(customerId), ConsistentRead: true }));
      return logOf(Item);
    },

    async reserve(customerId, { sends, version }, at) {
      return conditionHeld(
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...Key(customerId), type: 'contacts', sends: [...sends, at].sort().slice(-KEEP), version: version + 1 },
            ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
            ExpressionAttributeValues: version === 0 ? undefined : { ':v': version },
          }),
        ),
      );
    },

    async release(customerId, at) {
      for (;;) {
        const { sends, version } = await this.recent(customerId);
        const index = sends.indexOf(at);
        if (index < 0) return;
        const written = await ifConditionHolds(
          doc.send(
            new UpdateCommand({
              TableName: tableName,
              Key: Key(customerId),
              UpdateExpression: 'SET sends = :sends, version = :next',
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':sends': sends.filter((_, i) => i !== index), ':next': version + 1, ':v': version },
            }),
          ),
        );
        if (written) return;
      }
    },
  };
}
