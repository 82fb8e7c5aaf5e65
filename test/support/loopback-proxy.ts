import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Handles one request: answers it itself, or passes it on with `forward` and relays the answer. */
export type ProxyHandler = (request: IncomingMessage, response: ServerResponse, body: Buffer, forward: () => Promise<Response>) => Promise<void>;

/** A proxy on a free loopback port in front of a local stand-in, for fault injection. */
export interface LoopbackProxy {
  endpoint: string;
  close(): Promise<void>;
}

/** Starts a proxy to `target`; a handler that throws answers 502 with the error. */
export async function startLoopbackProxy(target: string, handle: ProxyHandler): Promise<LoopbackProxy> {
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const forward = () => fetch(`${target}${req.url}`, { method: req.method, headers: forwardableHeaders(req), body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body });
      await handle(req, res, body, forward);
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The stand-ins only check that an AWS signature is present; hop-by-hop headers stay here. */
function forwardableHeaders(req: IncomingMessage): Record<string, string> {
  const skip = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'expect']);
  return Object.fromEntries(Object.entries(req.headers).flatMap(([name, value]) => (skip.has(name) || value === undefined ? [] : [[name, String(value)]])));
}
