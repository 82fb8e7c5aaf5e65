/** Tries of one batch before its caller hears that DynamoDB kept leaving part of it unprocessed. */
const MAX_TRIES = 10;
/** The first retry waits this long, each further one twice as long, up to {@link MAX_WAIT_MS}. */
const FIRST_WAIT_MS = 50;
const MAX_WAIT_MS = 1000;

/**
 * Sends `requests` with `call` (which answers what DynamoDB left unprocessed) until all went
 * through, backing off between tries: batch calls leave part of a batch undone under throttling.
 */
export async function untilProcessed<T>(requests: T[], call: (batch: T[]) => Promise<T[] | undefined>): Promise<void> {
  let pending: T[] | undefined = requests;
  for (let tries = 0; pending?.length; tries++) {
    if (tries === MAX_TRIES) throw new Error(`DynamoDB left ${pending.length} of a batch unprocessed after ${MAX_TRIES} tries`);
    if (tries > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (tries - 1))));
    pending = await call(pending);
  }
}
