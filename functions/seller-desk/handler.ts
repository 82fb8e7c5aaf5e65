import { makeDynamoCustomerRecords } from '../../shared/adapters/dynamodb/customer-records';
import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSellerDesk } from '../../shared/adapters/dynamodb/seller-desk';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { getRuntime } from '../../shared/runtime/dependencies';
import type { RunContext } from '../../shared/runtime/handler';
import type { PageResponse } from '../../shared/runtime/html-page';
import { cardFactsOf } from './card-facts';
import { handleSellerDesk, type SellerDeskDeps } from './seller-desk';

/** The parts of a Lambda Function URL request (payload 2.0) the seller's pages read. */
export interface SellerPageRequest {
  queryStringParameters?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { timeEpoch: number; http: { method: string } };
}

/** The seller pages' ports on a runtime, with the link secret fetched. */
export async function sellerDeskDeps({ runtime, now }: RunContext): Promise<SellerDeskDeps> {
  const { config } = runtime;
  // An erased customer has no card, so only suppressions in clear matter here: no pepper.
  const suppressions = makeDynamoSuppressionList(runtime);
  const records = makeDynamoCustomerRecords(runtime);
  return {
    customers: makeDynamoCustomerStore(runtime),
    queue: makeDynamoOutreachQueue(runtime),
    desk: makeDynamoSellerDesk(runtime),
    events: runtime.events,
    cardFacts: async (profile) => cardFactsOf(profile, { records, suppressions, model: await runtime.riskModel(now), policy: config.risk, now }),
    secret: await runtime.unsubscribeSecret(),
    sellers: config.sellers,
    reachOutWaitDays: config.risk.winBack.reachOutWaitDays,
    now,
  };
}

/** Seller pages behind a Function URL: GET and HEAD show the customer card, POST records the seller's action. */
export async function handler(request: SellerPageRequest): Promise<PageResponse> {
  const runtime = getRuntime();
  const now = new Date(request.requestContext.timeEpoch).toISOString();
  const { method } = request.requestContext.http;
  const body = request.isBase64Encoded ? Buffer.from(request.body ?? '', 'base64').toString('utf8') : (request.body ?? '');
  const form = new URLSearchParams(method === 'POST' ? body : '');
  const response = await handleSellerDesk({ method, token: request.queryStringParameters?.t, form }, await sellerDeskDeps({ runtime, now }));
  runtime.logger.info('seller page', { method, action: form.get('action') ?? undefined, status: response.statusCode });
  return response;
}
