import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { getRuntime } from '../../shared/runtime/dependencies';
import type { RunContext } from '../../shared/runtime/handler';
import type { PageResponse } from '../../shared/runtime/html-page';
import { handleUnsubscribe, type UnsubscribeDeps } from './unsubscribe';

/** The parts of a Lambda Function URL request (payload 2.0) this endpoint reads. */
export interface UrlRequest {
  queryStringParameters?: Record<string, string | undefined>;
  requestContext: { timeEpoch: number; http: { method: string } };
}

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
export async function handler(request: UrlRequest): Promise<PageResponse> {
  const runtime = getRuntime();
  const now = new Date(request.requestContext.timeEpoch).toISOString();
  const { method } = request.requestContext.http;
  const response = await handleUnsubscribe({ method, token: request.queryStringParameters?.t }, await unsubscribeDeps({ runtime, now }));
  runtime.logger.info('unsubscribe', { method, status: response.statusCode });
  return response;
}
