import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { loadConfigFile } from '../config/config-file';
import type { LoyaltyConfig } from '../config/schema';
import { makeEventBridgePublisher } from '../adapters/eventbridge/publisher';
import type { EventPublisher } from '../ports';
import { readEnv } from './env';

/** Everything a handler may need, built once per cold start. */
export interface Runtime {
  config: LoyaltyConfig;
  doc: DynamoDBDocumentClient;
  tableName: string;
  ses: SESClient;
  events: EventPublisher;
  logger: Logger;
}

let runtime: Runtime | undefined;

/** The cold-start singleton; SDK clients find local stand-ins through the standard `AWS_ENDPOINT_URL_*` variables. */
export function getRuntime(): Runtime {
  runtime ??= buildRuntime();
  return runtime;
}

function buildRuntime(): Runtime {
  const env = readEnv();
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    config: loadConfigFile(env.LOYALTY_CONFIG_FILE),
    doc,
    tableName: env.TABLE_NAME,
    ses: new SESClient({}),
    events: makeEventBridgePublisher({ client: new EventBridgeClient({}), busName: env.EVENT_BUS_NAME }),
    logger: new Logger({ serviceName: 'loyalty' }),
  };
}
