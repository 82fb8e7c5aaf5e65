import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BusEvent } from '../../shared/runtime/handler';

/** A PutEvents entry as the SDK sends it (AWS JSON 1.1). */
interface PutEventsEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  Time?: number | string;
  EventBusName?: string;
}

/** The local EventBridge endpoint: receives PutEvents from the real SDK client and hands each event on. */
export interface EventCapture {
  endpoint: string;
  stop(): Promise<void>;
}

let sequence = 0;

/** Builds the EventBridge-shaped event Lambda would receive for a PutEvents entry. */
export function toBusEvent(source: string, detailType: string, time: string, detail: unknown): BusEvent {
  return {
    version: '0',
    id: `local-${++sequence}`,
    source,
    'detail-type': detailType,
    time,
    account: '000000000000',
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

/** Starts an HTTP server on loopback that speaks `AWSEvents.PutEvents` and calls `onEvent` for each entry. */
export async function startEventCapture(onEvent: (event: BusEvent) => void): Promise<EventCapture> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      if (target !== 'AWSEvents.PutEvents') {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'UnknownOperationException', message: `${target} is not emulated` }));
        return;
      }
      const { Entries = [] } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: PutEventsEntry[] };
      const results = Entries.map((entry) => {
        const event = toBusEvent(entry.Source, entry.DetailType, entryTime(entry.Time), JSON.parse(entry.Detail));
        onEvent(event);
        return { EventId: event.id };
      });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ FailedEntryCount: 0, Entries: results }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The SDK serialises `Time` as epoch seconds. */
const entryTime = (time: number | string | undefined): string =>
  time === undefined ? new Date().toISOString() : new Date(typeof time === 'number' ? time * 1000 : time).toISOString();
