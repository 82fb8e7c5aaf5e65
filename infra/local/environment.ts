import { loadConfigFile } from '../../shared/config/config-file';
import type { FunctionEnv } from '../../shared/contracts/function-env';
import { resetRuntime } from '../../shared/runtime/dependencies';
import { shippedConfigFile } from '../bundled-files';
import { LOCAL_AWS_ENV, createTable, localDynamoClient, startDynamoLocal, startSesLocal, type StandIn } from './stand-ins';

/** The local runs' fixed suppression pepper: hashes from a local table mean nothing anywhere else. */
export const LOCAL_SUPPRESSION_PEPPER = 'local-suppression-pepper-not-for-production';

/** Endpoints of the running stand-ins. */
export interface LocalEndpoints {
  dynamo: string;
  ses: string;
}

/**
 * Points the handlers' unchanged SDK clients at the stand-ins through the standard variables, and gives
 * them the function environment they have in AWS. Handlers read it once, at their first call.
 */
export function useLocalEnvironment({ endpoints, tableName, configFile, urlBase = 'http://127.0.0.1:9' }: { endpoints: LocalEndpoints; tableName: string; configFile: string; urlBase?: string }): void {
  const functionEnv: FunctionEnv = {
    TABLE_NAME: tableName,
    EVENT_BUS_NAME: 'loyalty-local',
    // The functions read what synth would ship for this config file, as in AWS.
    LOYALTY_CONFIG_FILE: shippedConfigFile(configFile, loadConfigFile(configFile)),
    UNSUBSCRIBE_URL: `${urlBase}/unsubscribe`,
    SELLER_DESK_URL: `${urlBase}/seller-desk`,
    // A fixed local-only secret: links from a local run are meaningless anywhere else.
    UNSUBSCRIBE_SECRET: 'local-unsubscribe-secret-not-for-production',
    SUPPRESSION_PEPPER: LOCAL_SUPPRESSION_PEPPER,
  };
  Object.assign(process.env, LOCAL_AWS_ENV, functionEnv, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamo,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_LAMBDA_FUNCTION_NAME: 'loyalty-local',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    // Metrics are CloudWatch's; the local report counts the same facts.
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
}

/** DynamoDB Local and the SES emulator, started together with the table created. */
export interface LocalServices {
  endpoints: LocalEndpoints;
  stop(): Promise<void>;
}

/** Starts both stand-ins on free loopback ports and creates the table. */
export async function startLocalServices(tableName: string): Promise<LocalServices> {
  const [dynamo, ses] = await Promise.all([startDynamoLocal(), startSesLocal()]);
  const client = localDynamoClient(dynamo.endpoint);
  await createTable(client, tableName);
  client.destroy();
  return { endpoints: { dynamo: dynamo.endpoint, ses: ses.endpoint }, stop: () => stopAll([dynamo, ses]) };
}

/** A new table on the running stand-ins, and the function environment pointed at it: one replay's own world. */
export async function useFreshTable(services: Pick<LocalServices, 'endpoints'>, tableName: string, configFile: string): Promise<void> {
  const client = localDynamoClient(services.endpoints.dynamo);
  await createTable(client, tableName);
  client.destroy();
  resetRuntime();
  useLocalEnvironment({ endpoints: services.endpoints, tableName, configFile });
}

const stopAll = async (standIns: StandIn[]): Promise<void> => {
  await Promise.all(standIns.map((s) => s.stop()));
};
