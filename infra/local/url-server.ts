import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FunctionWiring } from '../wiring';
import { functionUrlRequest } from './seller-input';

type UrlHandler = (request: unknown) => Promise<{ statusCode: number; headers?: Record<string, string>; body: string }>;

/** The local stand-in for Lambda Function URLs: `/<function-id>` calls that function's handler. */
export interface UrlServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Serves every function with a `url` trigger on loopback, passing requests in the Function URL 2.0
 * shape. A handler that throws gets a 500 answer and is reported to `onError` (by default the
 * console), as a Function URL would; the server keeps serving.
 */
export async function startUrlServer(
  functions: FunctionWiring[],
  onError: (functionId: string, error: unknown) => void = report,
  /** The request time handlers see (epoch ms): the wall clock, or a replay's virtual time. */
  clock: () => number = Date.now,
): Promise<UrlServer> {
  const ids = new Set(functions.filter((fn) => fn.triggers.some((t) => t.kind === 'url')).map((fn) => fn.id));
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const id = url.pathname.slice(1);
      if (!ids.has(id)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      try {
        const response = await serve(id, url, req, Buffer.concat(chunks), clock());
        res.writeHead(response.statusCode, response.headers).end(response.body);
      } catch (error) {
        onError(id, error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Calls function `id`'s handler with the request as a Function URL passes it. */
async function serve(id: string, url: URL, req: IncomingMessage, body: Buffer, at: number) {
  const { handler } = (await import(path.resolve(__dirname, '../../functions', id, 'handler'))) as { handler: UrlHandler };
  return handler(functionUrlRequest(req.method ?? 'GET', url, at, { headers: req.headers, body: body.toString('utf8') }));
}

/** The error's name and message only: a handler's error names ids, never the request's token. */
const report = (functionId: string, error: unknown): void => {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  console.error(`${functionId} failed: ${name}: ${message}`);
};
