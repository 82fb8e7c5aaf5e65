import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { onUrlRequest, type RunContext } from '../../shared/runtime/handler';
import { handleUnsubscribe, type UnsubscribeDeps } from './unsubscribe';

/** The unsubscribe endpoint's ports on a runtime, with the link secret fetched. */
export const unsubscribeDeps = async ({ runtime, now }: RunContext): Promise<UnsubscribeDeps> => ({
  suppressions: makeDynamoSuppressionList(runtime),
  queue: makeDynamoOutreachQueue(runtime),
  events: runtime.events,
  secret: await runtime.unsubscribeSecret(),
  brandName: runtime.config.brand.name,
  now,
});

/** Unsubscribe endpoint behind a Function URL: GET and HEAD show a confirmation page, POST (its button, or one-click) unsubscribes. */
export const handler = onUrlRequest(async ({ method, token }, context) => handleUnsubscribe({ method, token }, await unsubscribeDeps(context)));
