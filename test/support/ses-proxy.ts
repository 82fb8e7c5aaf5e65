import { createHash } from 'node:crypto';
import { startLoopbackProxy } from './loopback-proxy';

/** A loopback proxy in front of the SES emulator: sees every raw message sent and can refuse some as SES does (throttling, rejections). */
export interface SesProxy {
  endpoint: string;
  /** Raw MIME of every message passed on to the emulator. */
  readonly forwarded: Buffer[];
  /** How many requests were refused (throttled or otherwise), per recipient. */
  readonly throttledBy: ReadonlyMap<string, number>;
  readonly throttled: number;
  readonly requests: number;
  close(): Promise<void>;
}

/** An error SES answers with instead of sending (query-protocol fields). */
export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** Decides whether the `attempt`-th request (1-based) for `to` is throttled (`true`) or refused another way. */
export type ThrottlePolicy = (to: string, attempt: number) => boolean | Refusal;

/**
 * A seeded, order-independent choice: the same key and attempt are throttled on every run, however
 * the dispatcher's concurrent sends interleave. `key` picks the stable part of an address.
 */
export const seededThrottle =
  (rate: number, seed: string, key: (to: string) => string = (to) => to): ThrottlePolicy =>
  (to, attempt) =>
    createHash('sha256').update(`${seed}:${key(to)}:${attempt}`).digest().readUInt32BE(0) / 2 ** 32 < rate;

/** SES's own answer when the sending rate is exceeded. */
const THROTTLING: Refusal = { status: 400, code: 'Throttling', message: 'Rate exceeded' };

/** An SES error as query-protocol XML. */
const errorResponse = ({ code, message }: Refusal, requestId: string): string =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;

/** Starts the proxy on a free loopback port; with no policy it only records what passes. */
export async function startSesProxy(target: string, throttle: ThrottlePolicy = () => false): Promise<SesProxy> {
  const forwarded: Buffer[] = [];
  const throttledBy = new Map<string, number>();
  const attempts = new Map<string, number>();
  let throttled = 0;
  let requests = 0;

  const proxy = await startLoopbackProxy(target, async (_req, res, body, forward) => {
    const raw = rawMessageOf(body);
    if (raw) {
      requests++;
      const to = recipientOf(raw);
      const attempt = (attempts.get(to) ?? 0) + 1;
      attempts.set(to, attempt);
      const refused = throttle(to, attempt);
      if (refused) {
        throttled++;
        throttledBy.set(to, (throttledBy.get(to) ?? 0) + 1);
        const refusal = refused === true ? THROTTLING : refused;
        res.writeHead(refusal.status, { 'content-type': 'text/xml', 'x-amzn-requestid': `refused-${requests}` });
        res.end(errorResponse(refusal, `refused-${requests}`));
        return;
      }
      forwarded.push(raw);
    }
    const upstream = await forward();
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/xml' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });

  return {
    endpoint: proxy.endpoint,
    forwarded,
    throttledBy,
    get throttled() {
      return throttled;
    },
    get requests() {
      return requests;
    },
    close: proxy.close,
  };
}

/** The MIME of a SendRawEmail request (query protocol, form-encoded), if it is one. */
function rawMessageOf(body: Buffer): Buffer | undefined {
  const form = new URLSearchParams(body.toString('utf8'));
  const data = form.get('Action') === 'SendRawEmail' ? form.get('RawMessage.Data') : null;
  return data ? Buffer.from(data, 'base64') : undefined;
}

const recipientOf = (raw: Buffer): string => /^To: (.+)$/im.exec(raw.toString('utf8'))?.[1]?.trim() ?? '';
