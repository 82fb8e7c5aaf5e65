import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TableShape } from '../../shared/contracts/table';
import type { LoyaltyConfig } from '../../shared/config/schema';
import { getRuntime, resetRuntime } from '../../shared/runtime/dependencies';
import { readEnv } from '../../shared/runtime/env';
import { InvalidEventError, type BusEvent } from '../../shared/runtime/handler';
import { usePacingClock } from '../../shared/runtime/rate-limiter';
import { countSdkCalls, onSdkCall, type CapacityUnits } from '../../shared/runtime/sdk-calls';
import { sourceOf, wiring, type FunctionWiring, type Trigger } from '../wiring';
import { startEventCapture, type EventCapture } from './event-capture';
import { KeyedQueue } from './key-queue';
import { virtualPacingClock } from './virtual-pacing';
import { isSellerInput, sellerActionRequest } from './seller-input';

const SELLER_DESK = 'seller-desk';

/** A Lambda handler module's export. */
type Handler = (event: unknown) => Promise<unknown>;

/** An input the runner could not process: its line in the input file and the error naming the field. */
export interface Rejection {
  line?: number;
  functionId: string;
  detailType: string;
  reason: string;
}

/** A handler call that kept failing after Lambda's retries: kept, like Lambda's on-failure destination. */
export interface Failure {
  functionId: string;
  trigger: string;
  time: string;
  error: string;
}

/**
 * What one function did over a replay: handler calls (retries included), their summed wall time, SDK
 * requests by operation, DynamoDB capacity units, the entries of its PutEvents requests.
 */
export interface FunctionUsage {
  invocations: number;
  wallMs: number;
  sdkCalls: Record<string, number>;
  units: CapacityUnits;
  putEventsEntries: number;
}

/** SDK requests the runner makes itself (the idle check of scheduled jobs), outside any function. */
export const RUNNER = '(runner)';

/** Lambda retries a failed asynchronous invocation twice. */
const ASYNC_RETRIES = 2;

/** How many handler invocations run at once; DynamoDB Local needs many writes in flight. */
const CONCURRENCY = 48;

/** Where the handler modules are: `functions/<id>/handler.ts`. */
const handlerPath = (id: string): string => path.resolve(__dirname, '../../functions', id, 'handler');

/**
 * The local stand-in for EventBridge and Lambda: routes events to the handler modules by the wiring table,
 * fires scheduled invocations, runs one customer's events in order, and keeps every rejection and failure.
 */
export class LocalPipeline {
  readonly emitted: BusEvent[] = [];
  readonly rejected: Rejection[] = [];
  readonly failures: Failure[] = [];
  /** Per function, how often each result came back (e.g. `order-intake` → `{ first: 2357 }`). */
  readonly results: Record<string, Record<string, number>> = {};
  /** Per function id (and {@link RUNNER}): calls, wall time and SDK requests. */
  readonly usage: Record<string, FunctionUsage> = {};
  /** Which function the code running now belongs to, so each SDK request is counted for it. */
  private readonly running = new AsyncLocalStorage<string>();
  private readonly queue = new KeyedQueue(CONCURRENCY);
  private readonly handlers = new Map<string, Handler>();
  private capture?: EventCapture;
  /** The runner's own view of the table (the handlers have theirs, from the same environment). */
  private readonly doc = DynamoDBDocumentClient.from(countSdkCalls(new DynamoDBClient({})));

  private constructor(
    readonly config: LoyaltyConfig,
    readonly functions: FunctionWiring[],
  ) {}

  /** Starts the local EventBridge endpoint and points the SDK's EventBridge client at it; `only` limits the functions. */
  static async start(config: LoyaltyConfig, only?: readonly string[]): Promise<LocalPipeline> {
    const rows = wiring(config).filter((fn) => !only || only.includes(fn.id));
    const pipeline = new LocalPipeline(config, rows);
    onSdkCall((service, operation, units, entries) => {
      const usage = pipeline.usageOf(pipeline.running.getStore() ?? RUNNER);
      const key = `${service}.${operation}`;
      usage.sdkCalls[key] = (usage.sdkCalls[key] ?? 0) + 1;
      usage.units.read += units?.read ?? 0;
      usage.units.write += units?.write ?? 0;
      usage.putEventsEntries += entries ?? 0;
    });
    pipeline.capture = await startEventCapture((event) => {
      pipeline.emitted.push(event);
      pipeline.route(event);
    });
    process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = pipeline.capture.endpoint;
    // Handlers run at virtual times: waiting for a send slot must not take real time.
    usePacingClock(virtualPacingClock());
    // Clients built for an earlier replay in this process would still post to that replay's stopped endpoint.
    resetRuntime();
    return pipeline;
  }

  /** Routes an event to every function whose rule matches it, as the bus would; false when none does. */
  route(event: BusEvent, line?: number): boolean {
    if (isSellerInput(event) && this.functions.some((fn) => fn.id === SELLER_DESK)) {
      this.queue.submit(keyOf(event), () => this.actAsSeller(event, line));
      return true;
    }
    const targets = this.functions.filter((fn) => fn.triggers.some((t) => this.matches(t, event)));
    for (const fn of targets) {
      this.queue.submit(keyOf(event), () => this.invoke(fn.id, event, event['detail-type'], event.time, line));
    }
    return targets.length > 0;
  }

  /** A seller's action among the inputs: the POST of their digest link's page; a line that cannot be one is rejected, naming the field. */
  private async actAsSeller(event: BusEvent, line?: number): Promise<void> {
    const made = await sellerActionRequest(event, getRuntime());
    if ('problem' in made) this.rejected.push({ line, functionId: SELLER_DESK, detailType: event['detail-type'], reason: made.problem });
    else await this.invoke(SELLER_DESK, made.request, 'seller action', event.time, line);
  }

  /** Invokes a function's handler for one of its schedules at the virtual time `time`. */
  fire(functionId: string, trigger: Extract<Trigger, { kind: 'schedule' }>, time: string): Promise<void> {
    const invocation = { scheduledTime: time, schedule: trigger.name, ...trigger.input };
    return new Promise((resolve) => {
      this.queue.submit(`schedule:${trigger.name}`, async () => {
        await this.invoke(functionId, invocation, `schedule ${trigger.name}`, time);
        resolve();
      });
    });
  }

  /** Waits until every routed event and everything it caused has been handled. */
  drain(): Promise<void> {
    return this.queue.drain();
  }

  /** Due time of the earliest item in a due-index partition, or undefined when it is empty. */
  async earliestDue(partition: string): Promise<string | undefined> {
    const { dueIndex } = TableShape;
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: readEnv().TABLE_NAME,
        IndexName: dueIndex.name,
        KeyConditionExpression: '#pk = :partition',
        ExpressionAttributeNames: { '#pk': dueIndex.partitionKey },
        ExpressionAttributeValues: { ':partition': partition },
        Limit: 1,
      }),
    );
    const sort = Items[0]?.[dueIndex.sortKey] as string | undefined;
    return sort?.split('#')[0];
  }

  /** Stops the local EventBridge endpoint, the call counting and the virtual pacing. */
  async stop(): Promise<void> {
    onSdkCall(undefined);
    usePacingClock(undefined);
    await this.capture?.stop();
  }

  private matches(trigger: Trigger, event: BusEvent): boolean {
    return (
      trigger.kind === 'event' &&
      sourceOf(trigger.origin, this.config) === event.source &&
      trigger.detailTypes.includes(event['detail-type'])
    );
  }

  /** Never throws: a rejection or failure is recorded, as Lambda would keep it in its DLQ. */
  private async invoke(functionId: string, payload: unknown, trigger: string, time: string, line?: number): Promise<void> {
    const handler = await this.handler(functionId);
    const usage = this.usageOf(functionId);
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      usage.invocations++;
      try {
        this.tally(functionId, await this.running.run(functionId, () => handler(payload)));
        return;
      } catch (error) {
        if (error instanceof InvalidEventError) {
          this.rejected.push({ line, functionId, detailType: error.detailType, reason: error.problems.join('; ') });
          return;
        }
        if (attempt >= ASYNC_RETRIES) {
          this.failures.push({ functionId, trigger, time, error: (error as Error).message });
          return;
        }
      } finally {
        usage.wallMs += performance.now() - started;
      }
    }
  }

  private usageOf(functionId: string): FunctionUsage {
    return (this.usage[functionId] ??= { invocations: 0, wallMs: 0, sdkCalls: {}, units: { read: 0, write: 0 }, putEventsEntries: 0 });
  }

  private async handler(functionId: string): Promise<Handler> {
    let handler = this.handlers.get(functionId);
    if (!handler) {
      handler = ((await import(handlerPath(functionId))) as { handler: Handler }).handler;
      this.handlers.set(functionId, handler);
    }
    return handler;
  }

  private tally(functionId: string, result: unknown): void {
    const outcomes = typeof result === 'object' && result !== null ? outcomesOf(result) : [[String(result), 1]];
    const counts = (this.results[functionId] ??= {});
    for (const [name, n] of outcomes) if (typeof n === 'number') counts[name] = (counts[name] ?? 0) + n;
  }
}

/** A handler's counts, or a page's status (`status.200`) for a Function URL's answer. */
const outcomesOf = (result: object): [string, unknown][] =>
  'statusCode' in result && typeof result.statusCode === 'number' ? [[`status.${result.statusCode}`, 1]] : Object.entries(result);

/** Events of one customer (or seller) are handled in order; others in parallel. */
function keyOf(event: BusEvent): string {
  const detail = (event.detail ?? {}) as { customer?: { id?: unknown }; customerId?: unknown; sellerId?: unknown };
  const key = detail.customer?.id ?? detail.customerId ?? detail.sellerId;
  return typeof key === 'string' ? `customer:${key}` : `event:${event.id ?? event['detail-type']}`;
}
