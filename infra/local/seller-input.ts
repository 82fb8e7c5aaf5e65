import * as z from 'zod';
import { describeIssues } from '../../shared/config/load';
import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { LostReason, SellerAction } from '../../shared/contracts/events';
import { signSellerLink } from '../../shared/domain/seller-link';
import { addDays } from '../../shared/domain/time';
import type { Runtime } from '../../shared/runtime/dependencies';
import type { BusEvent } from '../../shared/runtime/handler';

/**
 * A seller's action as a replay input line: what they did through their digest's links, replayed as
 * the page's POST at the line's time. Local only: in AWS sellers click.
 */
export const SELLER_INPUT = { source: 'local.seller', detailType: 'Seller Action' } as const;

const SellerInput = z.object({
  sellerId: z.string().min(1).max(128),
  customerId: z.string().min(1).max(128),
  action: SellerAction,
  reason: LostReason.optional(),
});

export const isSellerInput = (event: BusEvent): boolean => event.source === SELLER_INPUT.source && event['detail-type'] === SELLER_INPUT.detailType;

/** A Function URL request (payload 2.0) as a browser sends it. */
export function functionUrlRequest(method: string, url: URL, at: number, { headers = {}, body = '' }: { headers?: Record<string, unknown>; body?: string } = {}) {
  return {
    version: '2.0',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    queryStringParameters: Object.fromEntries(url.searchParams),
    headers,
    body,
    isBase64Encoded: false,
    requestContext: { timeEpoch: at, http: { method, path: url.pathname } },
  };
}

/**
 * The POST a seller's click on the action sends, through a link of the flag open on the customer at
 * the line's time (what their digest carried); a problem naming the field when the line is not one,
 * or when the customer has no open flag to act on.
 */
export async function sellerActionRequest(event: BusEvent, runtime: Runtime): Promise<{ request: unknown } | { problem: string }> {
  const parsed = SellerInput.safeParse(event.detail);
  if (!parsed.success) return { problem: describeIssues(parsed.error).map((issue) => `detail.${issue}`).join('; ') };
  const { sellerId, customerId, action, reason } = parsed.data;
  const flag = (await makeDynamoCustomerStore(runtime).getProfile(customerId))?.riskFlag;
  if (!flag) return { problem: `detail.customerId: "${customerId}" has no open flag at ${event.time} to act on` };
  const token = signSellerLink({ sellerId, customerId, flaggedAt: flag.flaggedAt, action, expiresAt: addDays(event.time, 1) }, await runtime.unsubscribeSecret());
  const url = new URL(`${runtime.sellerDeskUrl()}?t=${encodeURIComponent(token)}`);
  const body = new URLSearchParams({ action, ...(reason && { reason }) }).toString();
  return { request: functionUrlRequest('POST', url, Date.parse(event.time), { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }) };
}
