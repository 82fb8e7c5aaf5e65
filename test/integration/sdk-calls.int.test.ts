import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { startEventCapture } from '../../infra/local/event-capture';
import { afterEach, describe, expect, it, inject } from 'vitest';
import { freePort, LOCAL_AWS_ENV } from '../../infra/local/stand-ins';
import { countSdkCalls, onSdkCall } from '../../shared/runtime/sdk-calls';
import { freshTable } from '../support/local';

const credentials = { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY };

describe('counting SDK requests', () => {
  afterEach(() => onSdkCall(undefined));

  it('reports every request with its service and operation', async () => {
    const { tableName } = await freshTable();
    const calls: string[] = [];
    onSdkCall((service, operation) => calls.push(`${service}.${operation}`));
    const client = countSdkCalls(new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: LOCAL_AWS_ENV.AWS_REGION, credentials }));
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'a' }, sk: { S: 'b' } } }));
    await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'a' }, sk: { S: 'b' } } }));
    expect(calls).toEqual(['DynamoDB.PutItem', 'DynamoDB.GetItem']);
  });

  it('reports the DynamoDB capacity units of each request while listening, as reads or writes', async () => {
    const { tableName } = await freshTable();
    const units: unknown[] = [];
    onSdkCall((_service, operation, consumed) => units.push([operation, consumed]));
    const client = countSdkCalls(new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: LOCAL_AWS_ENV.AWS_REGION, credentials }));
    const put = new PutItemCommand({ TableName: tableName, Item: { pk: { S: 'a' }, sk: { S: 'b' } } });
    await client.send(put);
    await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'a' }, sk: { S: 'b' } }, ConsistentRead: true }));
    expect(units).toEqual([
      ['PutItem', { read: 0, write: 1 }],
      ['GetItem', { read: 1, write: 0 }],
    ]);
    // The caller's command is left as it was written.
    expect(put.input.ReturnConsumedCapacity).toBeUndefined();
  });

  it('counts each retry attempt: a refused port with three attempts is three requests', async () => {
    const calls: string[] = [];
    onSdkCall((service, operation) => calls.push(`${service}.${operation}`));
    const client = countSdkCalls(new DynamoDBClient({ endpoint: `http://127.0.0.1:${await freePort()}`, region: LOCAL_AWS_ENV.AWS_REGION, credentials, maxAttempts: 3 }));
    await expect(client.send(new GetItemCommand({ TableName: 'none', Key: { pk: { S: 'a' }, sk: { S: 'b' } } }))).rejects.toThrow();
    expect(calls).toEqual(['DynamoDB.GetItem', 'DynamoDB.GetItem', 'DynamoDB.GetItem']);
  });

  it('reports the entries each PutEvents carried, what EventBridge bills', async () => {
    const capture = await startEventCapture(() => undefined);
    const calls: unknown[] = [];
    onSdkCall((service, operation, _units, entries) => calls.push([`${service}.${operation}`, entries]));
    const client = countSdkCalls(new EventBridgeClient({ endpoint: capture.endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials }));
    const entry = { Source: 'test', DetailType: 'Counted', Detail: '{}' };
    try {
      await client.send(new PutEventsCommand({ Entries: [entry, entry, entry] }));
      await client.send(new PutEventsCommand({ Entries: [entry] }));
    } finally {
      await capture.stop();
    }
    expect(calls).toEqual([
      ['EventBridge.PutEvents', 3],
      ['EventBridge.PutEvents', 1],
    ]);
  });
});
