import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** DynamoDB Local's raw PutItem rate (items/s) with `inFlight` requests at a time: the ceiling of any local replay. */
export async function rawWriteRate(client: DynamoDBClient, tableName: string, { items = 4000, inFlight = 16 } = {}): Promise<number> {
  let next = 0;
  const payload = 'x'.repeat(300); // about the size of an order item
  const worker = async () => {
    while (next < items) {
      const i = next++;
      await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: `RAW#${i}` }, sk: { S: 'RAW' }, payload: { S: payload } } }));
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return items / ((performance.now() - started) / 1000);
}
