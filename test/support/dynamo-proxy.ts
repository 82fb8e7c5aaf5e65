import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventPublisher, OutgoingEvent } from '../../shared/ports';
import { startLoopbackProxy } from './loopback-proxy';

/** One DynamoDB request as the proxy sees it: the operation (e.g. `UpdateItem`) and its JSON body. */
export interface DynamoRequest {
  operation: string;
  body: Record<string, unknown>;
}

/** Where a matched request makes the process "crash": before the write reaches the table, or after it landed. */
export type CrashPoint = 'before' | 'after';

/** A rule: the first requests matching `match` crash the run at `point`, at most `times` over the proxy's life. */
export interface CrashRule {
  match: (request: DynamoRequest) => boolean;
  point: CrashPoint;
  times: number;
}

/**
 * A loopback proxy in front of DynamoDB Local that simulates a process dying at a chosen write: the
 * matched request is dropped (`before`) or passed on and its answer withheld (`after`), and from then
 * on every request fails until {@link DynamoCrashProxy.revive}: nothing more of the crashed run lands.
 */
export interface DynamoCrashProxy {
  endpoint: string;
  /** Whether the current run has crashed. */
  readonly crashed: boolean;
  /** Crashes so far. */
  readonly crashes: number;
  /** A new run starts: the table is reachable again. */
  revive(): void;
  close(): Promise<void>;
}

/** Starts the proxy on a free loopback port. */
export async function startDynamoCrashProxy(target: string, rule: CrashRule): Promise<DynamoCrashProxy> {
  let crashed = false;
  let crashes = 0;
  const proxy = await startLoopbackProxy(target, async (req, res, raw, forward) => {
    const fail = () => void res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'process crashed (test)' }));
    if (crashed) return fail();
    const request: DynamoRequest = { operation: String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '', body: raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {} };
    const hit = crashes < rule.times && rule.match(request);
    if (hit && rule.point === 'before') {
      crashed = true;
      crashes++;
      return fail();
    }
    const upstream = await forward();
    const answer = Buffer.from(await upstream.arrayBuffer());
    if (hit) {
      crashed = true;
      crashes++;
      return fail();
    }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/x-amz-json-1.0' }).end(answer);
  });
  return {
    endpoint: proxy.endpoint,
    get crashed() {
      return crashed;
    },
    get crashes() {
      return crashes;
    },
    revive: () => {
      crashed = false;
    },
    close: proxy.close,
  };
}

/** True when an UpdateItem or PutItem sets attribute value `placeholder` to the string `value`. */
export const writesValue = (request: DynamoRequest, placeholder: string, value: string): boolean =>
  (request.operation === 'UpdateItem' || request.operation === 'PutItem') &&
  JSON.stringify((request.body.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[placeholder]) === JSON.stringify({ S: value });

/** True when an UpdateItem's update expression mentions `attribute`. */
export const updates = (request: DynamoRequest, attribute: string): boolean =>
  request.operation === 'UpdateItem' && String(request.body.UpdateExpression ?? '').includes(attribute);

/** A document client through the proxy that tries each request once: a crashed process does not retry either. */
export const proxiedDoc = (proxy: DynamoCrashProxy): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: proxy.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 }), {
    marshallOptions: { removeUndefinedValues: true },
  });

/** A publisher that, like the rest of a crashed process, publishes nothing once the run has crashed. */
export function crashAwarePublisher(proxy: DynamoCrashProxy): EventPublisher & { events: OutgoingEvent[] } {
  const events: OutgoingEvent[] = [];
  return {
    events,
    async publish(batch) {
      if (proxy.crashed) throw new Error('process crashed (test)');
      events.push(...batch);
    },
  };
}
