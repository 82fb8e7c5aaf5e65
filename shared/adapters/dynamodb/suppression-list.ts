import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SuppressionList } from '../../ports';
import type { DynamoDeps } from './customer-store';
import { ifConditionHolds } from './conditional';
import { suppressionPk } from './keys';

/** {@link SuppressionList}: one item per address; the first reason recorded is kept. */
export function makeDynamoSuppressionList({ doc, tableName }: DynamoDeps): SuppressionList {
  return {
    async isSuppressed(email) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: suppressionPk(email), sk: 'SUPPRESSION' }, ConsistentRead: true }));
      return Item !== undefined;
    },
    async suppress({ email, ...entry }) {
      await ifConditionHolds(
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk: suppressionPk(email), sk: 'SUPPRESSION', type: 'suppression', ...entry },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    },
  };
}
