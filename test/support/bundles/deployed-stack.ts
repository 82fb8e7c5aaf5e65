import { CreateTableCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CronExpressionParser } from 'cron-parser';
import { localDynamoClient, LOCAL_AWS_ENV } from '../../../infra/local/stand-ins';
import { lambdaRuntimeModules, startHost, type Invocation, type LambdaHost } from './lambda-hosts';
import { deliveredEvent, matchesPattern, startLocalAws, type DeliveredEvent } from './local-aws';
import { synthesizeStack, type DeployedSchedule, type SynthesizedStack } from './synthesized-stack';
import { startTableCallRecorder, type TableCall } from './table-access';

/** A local secret for the unsubscribe links: what Secrets Manager holds in AWS. */
const UNSUBSCRIBE_SECRET = 'deployed-bundles-local-secret';

/** A failed invocation: which function, what it was given, what it threw. */
export interface FailedInvocation {
  fn: string;
  event: unknown;
  error: NonNullable<Invocation['error']>;
}

/** A Function URL request (payload 2.0) and the function's answer. */
export interface UrlAnswer {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * The synthesized stack run locally: every function's bundle in its own Node process, events
 * routed by the template's rules, schedules fired with the template's input, the Function URL
 * called as Lambda calls it.
 */
export interface DeployedStack {
  stack: SynthesizedStack;
  failures: FailedInvocation[];
  /** Cold start (module load + first invocation) per function invoked so far: wall and CPU ms. */
  coldStarts: Map<string, { ms: number; cpuMs: number }>;
  /** Every item-level call each function made on the table (by logical id): what its role must allow. */
  tableCalls: Map<string, TableCall[]>;
  /** Puts an event on a bus, as the shop or SES does, and delivers everything that follows from it. */
  put(bus: string, event: Pick<DeliveredEvent, 'source' | 'detail-type' | 'time' | 'detail'>): Promise<void>;
  /**
   * Fires every enabled schedule at its firing times in [from, to), in time order: at most one
   * firing a day each (the one nearest noon UTC), or one every `everyDays` days.
   */
  runSchedules(from: string, to: string, options?: { everyDays?: number }): Promise<void>;
  /** Calls the function (by its id in the wiring table) behind its Function URL; a POST sends `form` (the one-click body by default). */
  url(functionId: string, method: 'GET' | 'POST', query: Record<string, string>, at: string, form?: Record<string, string>): Promise<UrlAnswer>;
  /** Invokes a function (by its id in the wiring table) directly, as an operator's `aws lambda invoke` does; its answer. */
  invoke(functionId: string, event: unknown): Promise<unknown>;
  /** All the functions wrote to stdout and stderr. */
  logs(): string;
  stop(): Promise<void>;
}

/** Synthesizes the stack and starts it against DynamoDB Local and the SES emulator. */
export async function startDeployedStack(endpoints: { dynamo: string; ses: string }): Promise<DeployedStack> {
  const stack = synthesizeStack();
  const functionOf = (functionId: string) => functionIn(stack, functionId);
  const dynamo = localDynamoClient(endpoints.dynamo);
  await dynamo.send(new CreateTableCommand(stack.table as unknown as CreateTableCommandInput));
  dynamo.destroy();
  const aws = await startLocalAws(UNSUBSCRIBE_SECRET);
  const runtimeModules = lambdaRuntimeModules();
  const localEnv = {
    ...LOCAL_AWS_ENV,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamo,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_ENDPOINT_URL_EVENTBRIDGE: aws.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
  };
  const recorders = new Map(await Promise.all([...stack.functions.keys()].map(async (id) => [id, await startTableCallRecorder(endpoints.dynamo)] as const)));
  const hosts = new Map(
    [...stack.functions.values()].map((fn) => [
      fn.logicalId,
      startHost(fn, { ...localEnv, AWS_LAMBDA_FUNCTION_NAME: fn.logicalId, AWS_ENDPOINT_URL_DYNAMODB: recorders.get(fn.logicalId)!.endpoint }, runtimeModules),
    ]),
  );
  const failures: FailedInvocation[] = [];
  const coldStarts = new Map<string, { ms: number; cpuMs: number }>();

  const invoke = async (host: LambdaHost, event: unknown): Promise<unknown> => {
    const outcome = await host.invoke(event);
    if (!coldStarts.has(host.fn.logicalId)) coldStarts.set(host.fn.logicalId, { ms: outcome.ms, cpuMs: outcome.cpuMs });
    if (outcome.error) failures.push({ fn: host.fn.logicalId, event, error: outcome.error });
    for (const put of aws.takeEvents()) await deliver(put.bus, put.event);
    return outcome.result;
  };
  const deliver = async (bus: string, event: DeliveredEvent): Promise<void> => {
    for (const rule of stack.rules.filter((r) => r.bus === bus && matchesPattern(r.pattern, event as unknown as Record<string, unknown>))) {
      for (const target of rule.targets) await invoke(hosts.get(target)!, event);
    }
  };
  const fire = (schedule: DeployedSchedule, at: string) =>
    invoke(hosts.get(schedule.target)!, JSON.parse(schedule.input.replaceAll('<aws.scheduler.scheduled-time>', at)));

  return {
    stack,
    failures,
    coldStarts,
    tableCalls: new Map([...recorders].map(([id, r]) => [id, r.calls])),
    put: (bus, event) => deliver(bus, deliveredEvent(event)),
    async runSchedules(from, to, { everyDays = 1 } = {}) {
      const firings = stack.schedules.filter((s) => s.enabled).flatMap((s) => sampledFirings(s, from, to, everyDays).map((at) => ({ s, at })));
      for (const { s, at } of firings.sort((a, b) => a.at.localeCompare(b.at))) await fire(s, at);
    },
    async url(functionId, method, query, at, form) {
      const fn = functionOf(functionId);
      if (!stack.urls.includes(fn.logicalId)) throw new Error(`${functionId} has no Function URL in the template`);
      return (await invoke(hosts.get(fn.logicalId)!, urlRequest(method, query, at, form))) as UrlAnswer;
    },
    invoke: (functionId, event) => invoke(hosts.get(functionOf(functionId).logicalId)!, event),
    logs: () => [...hosts.values()].map((h) => h.output()).join(''),
    async stop() {
      hosts.forEach((h) => h.stop());
      await Promise.all([aws.stop(), ...[...recorders.values()].map((r) => r.close())]);
    },
  };
}

/** A function of the template by its id in the wiring table. */
function functionIn(stack: SynthesizedStack, functionId: string) {
  const fn = [...stack.functions.values()].find((f) => f.environment.POWERTOOLS_SERVICE_NAME === functionId);
  if (!fn) throw new Error(`no function ${functionId} in the template`);
  return fn;
}

/** A schedule's firings in [from, to), one per `everyDays` days at most: the one nearest noon UTC. */
function sampledFirings(schedule: DeployedSchedule, from: string, to: string, everyDays: number): string[] {
  const times = CronExpressionParser.parse(fromSchedulerCron(schedule.expression), { currentDate: from, endDate: to, tz: schedule.timeZone });
  const byPeriod = new Map<string, string>();
  const offNoon = (iso: string) => Math.abs(new Date(iso).getUTCHours() * 60 + new Date(iso).getUTCMinutes() - 720);
  while (times.hasNext()) {
    const at = times.next().toISOString()!.replace(/\.\d{3}Z$/, 'Z');
    const period = String(Math.floor((Date.parse(at) - Date.parse(from)) / (everyDays * 86_400_000)));
    const kept = byPeriod.get(period);
    if (!kept || offNoon(at) < offNoon(kept)) byPeriod.set(period, at);
  }
  return [...byPeriod.values()];
}

/** Reads Scheduler's `cron(m h dom mon dow year)` (Sunday = 1) back as a 5-field cron (Sunday = 0). */
function fromSchedulerCron(expression: string): string {
  const fields = /^cron\((.+)\)$/.exec(expression)?.[1]?.split(' ');
  if (fields?.length !== 6) throw new Error(`not a Scheduler cron expression: ${expression}`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.map((f) => (f === '?' ? '*' : f));
  return [minute, hour, dayOfMonth, month, dayOfWeek!.replace(/\d+/g, (d) => String(Number(d) - 1))].join(' ');
}

/** A Function URL invocation (payload format 2.0), as a mail client's one-click POST or a browser's GET sends it. */
function urlRequest(method: 'GET' | 'POST', query: Record<string, string>, at: string, form: Record<string, string> = { 'List-Unsubscribe': 'One-Click' }) {
  const rawQueryString = new URLSearchParams(query).toString();
  const post = method === 'POST';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString,
    queryStringParameters: query,
    headers: post ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    requestContext: { http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'smoke-test' }, timeEpoch: Date.parse(at), time: at },
    body: post ? new URLSearchParams(form).toString() : undefined,
    isBase64Encoded: false,
  };
}
