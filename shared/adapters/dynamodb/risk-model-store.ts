import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RiskModelStore, StoredRiskModel } from '../../ports';
import type { DynamoDeps } from './client';
import { RISK_MODEL_KEY } from './keys';

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
