import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { DEFAULT_CONFIG_FILE } from '../../shared/config/config-file';
import { useLocalEnvironment } from '../../infra/local/environment';
import { createTable, localDynamoClient } from '../../infra/local/stand-ins';
import type { EventPublisher, OutgoingEvent } from '../../shared/ports';

/** A fresh table on the shared DynamoDB Local, and a document client for it. */
export async function freshTable(): Promise<{ doc: DynamoDBDocumentClient; tableName: string }> {
  const client = localDynamoClient(inject('dynamoEndpoint'));
  const tableName = `t-${randomUUID()}`;
  await createTable(client, tableName);
  return { doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), tableName };
}

/** Gives handlers called in this test file the function environment, on a fresh table. */
export async function useFreshLocalEnvironment(configFile = DEFAULT_CONFIG_FILE): Promise<{ doc: DynamoDBDocumentClient; tableName: string }> {
  const table = await freshTable();
  useLocalEnvironment({ endpoints: { dynamo: inject('dynamoEndpoint'), ses: inject('sesEndpoint') }, tableName: table.tableName, configFile });
  return table;
}

/** Collects published events in memory: what EventBridge would have received. */
export function collectingPublisher(): EventPublisher & { events: OutgoingEvent[]; ofType(type: string): OutgoingEvent[] } {
  const events: OutgoingEvent[] = [];
  return {
    events,
    async publish(batch) {
      events.push(...batch);
    },
    ofType: (type) => events.filter((e) => e.detailType === type),
  };
}
