/** DynamoDB capacity units one request consumed, as the service reported them. */
export interface CapacityUnits {
  read: number;
  write: number;
}

/**
 * Told about every HTTP request an SDK client sends (each retry attempt is one): service and
 * operation, for DynamoDB the capacity units it consumed (none for a refused request), and for
 * EventBridge PutEvents the entries it carried (what EventBridge bills).
 */
export type SdkCallListener = (service: string, operation: string, units?: CapacityUnits, entries?: number) => void;

let listener: SdkCallListener | undefined;

/** Sets (or with `undefined` clears) the process's one listener; the local runner counts calls with it. */
export function onSdkCall(next: SdkCallListener | undefined): void {
  listener = next;
}

/** The part of an SDK v3 client the counter hooks into. */
interface WithMiddleware {
  middlewareStack: { add(middleware: never, options: never): void };
}

type Next = (args: unknown) => Promise<unknown>;
interface Context {
  clientName?: string;
  commandName?: string;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

const serviceOf = (context: Context) => context.clientName?.replace(/Client$/, '') ?? 'unknown';
const operationOf = (context: Context) => context.commandName?.replace(/Command$/, '') ?? 'unknown';
/** Entries of a PutEvents request; undefined for any other request. */
const entriesOf = (operation: string, args: unknown): number | undefined =>
  operation === 'PutEvents' ? ((args as { input?: { Entries?: unknown[] } }).input?.Entries?.length ?? 0) : undefined;

const metered = (context: Context) => serviceOf(context) === 'DynamoDB' && (READS.has(operationOf(context)) || WRITES.has(operationOf(context)));

/** The units of a DynamoDB response: one entry, or a list for batches and transactions. */
function unitsOf(operation: string, output: unknown): CapacityUnits | undefined {
  const consumed = (output as { output?: { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] } } | undefined)?.output?.ConsumedCapacity;
  if (consumed === undefined) return undefined;
  const total = [consumed].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  return WRITES.has(operation) ? { read: 0, write: total } : { read: total, write: 0 };
}

/**
 * Reports each request of `client` to the listener. The deserialize step runs once per attempt,
 * inside the retry loop, so the count is what the service is billed for; ahead of the deserializer,
 * the counter sees the parsed response. While a listener is set,
 * DynamoDB requests ask for their consumed capacity (`TOTAL`, unless the caller asked already).
 * Without a listener it only forwards the call.
 */
export function countSdkCalls<C extends WithMiddleware>(client: C): C {
  const askCapacity = (next: Next, context: Context) => (args: unknown) => {
    if (!listener || !metered(context)) return next(args);
    const { input } = args as { input: Record<string, unknown> };
    return next({ ...(args as object), input: { ReturnConsumedCapacity: 'TOTAL', ...input } });
  };
  const count = (next: Next, context: Context) => async (args: unknown) => {
    if (!listener) return next(args);
    const [service, operation] = [serviceOf(context), operationOf(context)];
    const entries = entriesOf(operation, args);
    let out: unknown;
    try {
      out = await next(args);
    } catch (error) {
      listener?.(service, operation, undefined, entries);
      throw error;
    }
    listener?.(service, operation, service === 'DynamoDB' ? unitsOf(operation, out) : undefined, entries);
    return out;
  };
  client.middlewareStack.add(askCapacity as never, { step: 'serialize', name: 'askConsumedCapacity', override: true, priority: 'high' } as never);
  client.middlewareStack.add(count as never, { step: 'deserialize', name: 'countSdkCalls', override: true, priority: 'high' } as never);
  return client;
}
