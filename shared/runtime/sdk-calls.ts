/** Told about every HTTP request an SDK client sends (each retry attempt is one): service and operation. */
export type SdkCallListener = (service: string, operation: string) => void;

let listener: SdkCallListener | undefined;

/** Sets (or with `undefined` clears) the process's one listener; the local runner counts calls with it. */
export function onSdkCall(next: SdkCallListener | undefined): void {
  listener = next;
}

/** The part of an SDK v3 client the counter hooks into. */
interface WithMiddleware {
  middlewareStack: { add(middleware: never, options: { step: 'deserialize'; name: string; override: boolean }): void };
}

type Next = (args: unknown) => Promise<unknown>;

/**
 * Reports each request of `client` to the listener. The deserialize step runs once per attempt,
 * inside the retry loop, so the count is what the service is billed for. Without a listener it only
 * forwards the call.
 */
export function countSdkCalls<C extends WithMiddleware>(client: C): C {
  const middleware = (next: Next, context: { clientName?: string; commandName?: string }) => (args: unknown) => {
    listener?.(context.clientName?.replace(/Client$/, '') ?? 'unknown', context.commandName?.replace(/Command$/, '') ?? 'unknown');
    return next(args);
  };
  client.middlewareStack.add(middleware as never, { step: 'deserialize', name: 'countSdkCalls', override: true });
  return client;
}
