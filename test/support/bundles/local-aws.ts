import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An event as EventBridge delivers it to a rule's target. */
export interface DeliveredEvent {
  version: '0';
  id: string;
  source: string;
  'detail-type': string;
  time: string;
  account: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** The bus an event was put on, and the event as a target receives it. */
export interface PutEvent {
  bus: string;
  event: DeliveredEvent;
}

/** The EventBridge and Secrets Manager calls the functions make, answered on loopback. */
export interface LocalAws {
  endpoint: string;
  /** Events put since the last call, oldest first. */
  takeEvents(): PutEvent[];
  /** Every detail-type put so far. */
  detailTypes(): string[];
  stop(): Promise<void>;
}

/** Starts the endpoint; every secret asked for has the value `secret`. */
export async function startLocalAws(secret: string): Promise<LocalAws> {
  let queued: PutEvent[] = [];
  const seen: string[] = [];
  const answer = (target: string, body: Record<string, unknown>): unknown => {
    if (target === 'AWSEvents.PutEvents') {
      const entries = body.Entries as { EventBusName?: string; Source: string; DetailType: string; Detail: string; Time?: string | number }[];
      for (const entry of entries) {
        seen.push(entry.DetailType);
        queued.push({ bus: entry.EventBusName ?? 'default', event: deliveredEvent(fromEntry(entry)) });
      }
      return { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) };
    }
    if (target === 'secretsmanager.GetSecretValue') return { ARN: body.SecretId, Name: body.SecretId, SecretString: secret, VersionId: 'v1' };
    throw new Error(`not emulated: ${target}`);
  };
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      try {
        const out = answer(String(request.headers['x-amz-target']), JSON.parse(raw || '{}'));
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(out));
      } catch (error) {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'UnknownOperationException', message: String(error) }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    takeEvents: () => {
      const taken = queued;
      queued = [];
      return taken;
    },
    detailTypes: () => [...seen],
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A PutEvents entry as its event (the SDK sends `Time` as epoch seconds; EventBridge keeps whole seconds). */
function fromEntry(entry: { Source: string; DetailType: string; Detail: string; Time?: string | number }): Pick<DeliveredEvent, 'source' | 'detail-type' | 'time' | 'detail'> {
  const time = entry.Time === undefined ? new Date() : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time);
  return { source: entry.Source, 'detail-type': entry.DetailType, time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'), detail: JSON.parse(entry.Detail) };
}

/** An event with the envelope fields EventBridge adds to what was put. */
export const deliveredEvent = (event: Pick<DeliveredEvent, 'source' | 'detail-type' | 'time' | 'detail'>): DeliveredEvent => ({
  version: '0',
  id: randomUUID(),
  account: '000000000000',
  region: 'us-east-1',
  resources: [],
  ...event,
});

/**
 * EventBridge's matching for the patterns the stack writes: every key of the pattern must match,
 * an array lists the allowed values (an array in the event matches when one of its elements does),
 * an object matches the nested field.
 */
export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, allowed]) => {
    const value = event[key];
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (Array.isArray(allowed)) return allowed.some((a) => values.includes(a));
    return typeof value === 'object' && value !== null && matchesPattern(allowed as Record<string, unknown>, value as Record<string, unknown>);
  });
}
