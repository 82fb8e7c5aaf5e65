import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CapacityMeter } from './capacity';

/** Dependencies of the DynamoDB adapters. */
export interface DynamoDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** Collects consumed capacity when given (benchmarks). */
  meter?: CapacityMeter;
}

/** Every item of a query, across pages; with a meter, the capacity the pages report is added to it. */
export async function queryAll(doc: DynamoDeps['doc'], input: ConstructorParameters<typeof QueryCommand>[0], meter?: DynamoDeps['meter']): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    meter?.add('read', page.ConsumedCapacity);
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** DynamoDB rejects undefined attribute values; optional fields are simply absent. */
export const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
