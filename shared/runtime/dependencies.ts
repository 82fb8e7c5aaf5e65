import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Catalog } from '../config/catalog';
import { readShippedConfig, type FunctionConfig } from '../config/shipped';
import type { DynamoDeps } from '../adapters/dynamodb/client';
import { makeDynamoFlowSwitches } from '../adapters/dynamodb/flow-switches';
import { makeDynamoRiskModelStore } from '../adapters/dynamodb/risk-model-store';
import { makeEventBridgePublisher } from '../adapters/eventbridge/publisher';
import { PRIOR_RISK_MODEL } from '../domain/risk/prior';
import type { RiskModel } from '../domain/risk/score';
import type { SwitchableFlow } from '../contracts/events';
import type { EventPublisher, FlowSwitches } from '../ports';
import { readEnv, type Env } from './env';
import { countingFacts } from './metrics';
import { countSdkCalls } from './sdk-calls';

/** Everything a handler may need, built once per cold start. */
export interface Runtime {
  config: FunctionConfig;
  /** The product catalog named by the config. */
  catalog(): Catalog;
  doc: DynamoDBDocumentClient;
  tableName: string;
  events: EventPublisher;
  /** The HMAC secret of unsubscribe links, fetched on first use. */
  unsubscribeSecret(): Promise<string>;
  /** The key of hashed suppressions (erased customers and their addresses), fetched on first use. */
  suppressionPepper(): Promise<string>;
  /** Where unsubscribe links point: only functions that send mail need it. */
  unsubscribeBaseUrl(): string;
  /** Where the digest's links to the seller pages point. */
  sellerDeskUrl(): string;
  /** The current at-risk model (the prior until the first fit), read at most once a day of event time. */
  riskModel(now: string): Promise<RiskModel>;
  /** The flows paused by operators (`npm run flow`), read at most once a minute of event time. */
  pausedFlows(now: string): Promise<ReadonlySet<SwitchableFlow>>;
  logger: Logger;
}

let runtime: Runtime | undefined;

/** The cold-start singleton; SDK clients find local stand-ins through the standard `AWS_ENDPOINT_URL_*` variables. */
export function getRuntime(): Runtime {
  runtime ??= buildRuntime(readEnv());
  return runtime;
}

/** Forgets the runtime, so the next handler call reads the environment again (the local runner switching tables). */
export function resetRuntime(): void {
  runtime = undefined;
}

function buildRuntime(env: Env): Runtime {
  // Lambda unpacks the bundle into its task root; a relative config path points inside it.
  const { config, catalog } = readShippedConfig(path.resolve(env.LAMBDA_TASK_ROOT ?? '.', env.LOYALTY_CONFIG_FILE));
  const doc = DynamoDBDocumentClient.from(countSdkCalls(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } });
  return {
    config,
    catalog: () => catalog,
    doc,
    tableName: env.TABLE_NAME,
    events: countingFacts(makeEventBridgePublisher({ client: countSdkCalls(new EventBridgeClient({})), busName: env.EVENT_BUS_NAME })),
    unsubscribeSecret: once(() => secretOf(env.UNSUBSCRIBE_SECRET, env.UNSUBSCRIBE_SECRET_ARN, 'unsubscribe secret: set UNSUBSCRIBE_SECRET or UNSUBSCRIBE_SECRET_ARN')),
    suppressionPepper: once(() => secretOf(env.SUPPRESSION_PEPPER, env.SUPPRESSION_PEPPER_ARN, 'suppression pepper: set SUPPRESSION_PEPPER or SUPPRESSION_PEPPER_ARN')),
    unsubscribeBaseUrl: () => unsubscribeBase(env, config),
    sellerDeskUrl: () => env.SELLER_DESK_URL ?? missing('no seller desk URL: set SELLER_DESK_URL (the stack sets it to the seller-desk Function URL)'),
    riskModel: currentRiskModel({ doc, tableName: env.TABLE_NAME }),
    pausedFlows: currentPausedFlows({ doc, tableName: env.TABLE_NAME }),
    logger: new Logger({ serviceName: 'loyalty', persistentKeys: env.LOYALTY_STAGE === undefined ? {} : { stage: env.LOYALTY_STAGE } }),
  };
}

function unsubscribeBase(env: Env, config: FunctionConfig): string {
  const base = config.mail.unsubscribeBaseUrl ?? env.UNSUBSCRIBE_URL;
  if (!base) throw new Error('no unsubscribe URL: set mail.unsubscribeBaseUrl in the config or UNSUBSCRIBE_URL');
  return base;
}

const missing = (message: string): never => {
  throw new Error(message);
};

/** A secret given as itself (local runs, tests) or fetched from Secrets Manager by its ARN (AWS). */
async function secretOf(value: string | undefined, arn: string | undefined, what: string): Promise<string> {
  if (value) return value;
  if (!arn) throw new Error(`no ${what}`);
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!out.SecretString) throw new Error(`the secret ${arn} is empty`);
  return out.SecretString;
}

/** The current at-risk model of a table (the prior until the first fit), read through a day-long cache. */
export function currentRiskModel(table: DynamoDeps): (now: string) => Promise<RiskModel> {
  const models = makeDynamoRiskModelStore(table);
  return cachedFor(RISK_MODEL_CACHE_MS, async () => (await models.latest())?.model ?? PRIOR_RISK_MODEL);
}

/**
 * The model changes weekly and the scorer re-checks every due customer with the current one, so a
 * day-old copy costs nothing and spares the intake a read per order.
 */
const RISK_MODEL_CACHE_MS = 86_400_000;

/**
 * A switch takes effect within this much event time (plus the wait for the function's next run): a
 * dispatcher run every few minutes reads the one item at most once a minute.
 */
export const FLOW_SWITCHES_CACHE_MS = 60_000;

/** The flows whose last switch paused them. */
async function pausedIn(switches: FlowSwitches): Promise<ReadonlySet<SwitchableFlow>> {
  const current = await switches.current();
  return new Set((Object.keys(current) as SwitchableFlow[]).filter((flow) => current[flow]!.paused));
}

/** The paused flows of a table, read through a minute-long cache. */
export function currentPausedFlows(table: DynamoDeps): (now: string) => Promise<ReadonlySet<SwitchableFlow>> {
  const switches = makeDynamoFlowSwitches(table);
  return cachedFor(FLOW_SWITCHES_CACHE_MS, () => pausedIn(switches));
}

/**
 * Keeps a fetched value for `maxAgeMs` of event time (`now`), so replays on a virtual clock cache
 * as Lambda does on the wall clock. Only a later event refreshes it: events of different customers
 * arrive out of order, and an older one may use a newer value. A rejected promise is not kept.
 */
export function cachedFor<T>(maxAgeMs: number, fetch: () => Promise<T>): (now: string) => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return (now) => {
    const at = Date.parse(now);
    if (!cached || at - cached.at >= maxAgeMs) {
      const value = fetch();
      value.catch(() => (cached = undefined));
      cached = { at, value };
    }
    return cached.value;
  };
}

/** Computes a value on first call and keeps it (a rejected promise is not kept). */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    if (!value) {
      const v = make();
      if (v instanceof Promise) v.catch(() => (value = undefined));
      value = { v };
    }
    return value.v;
  };
}
