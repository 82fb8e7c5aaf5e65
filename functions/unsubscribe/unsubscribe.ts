import { DetailType } from '../../shared/contracts/events';
import { verifyUnsubscribeToken } from '../../shared/domain/unsubscribe-token';
import type { EventPublisher, OutreachQueue, SuppressionList } from '../../shared/ports';
import { skipPending } from '../../shared/use-cases/end-step';

/** Ports of the unsubscribe endpoint; `now` is the request's time. */
export interface UnsubscribeDeps {
  suppressions: SuppressionList;
  queue: OutreachQueue;
  events: EventPublisher;
  secret: string;
  brandName: string;
  now: string;
}

/** A plain HTTP answer. */
export interface PageResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Handles the link and the RFC 8058 one-click POST alike: a genuine token suppresses the address at
 * once and ends everything queued for the customer; a forged or altered one changes nothing.
 */
export async function unsubscribe(token: string | undefined, deps: UnsubscribeDeps): Promise<PageResponse> {
  const subject = token ? verifyUnsubscribeToken(token, deps.secret) : undefined;
  if (!subject) return page(400, 'This link is not valid', 'We could not read this unsubscribe link, so nothing was changed. Please use the link from the most recent email, or reply to it and we will help.');
  await deps.suppressions.suppress({ email: subject.email, reason: 'unsubscribe', at: deps.now, customerId: subject.customerId });
  await skipPending(subject.customerId, {}, 'unsubscribed', deps);
  await deps.events.publish([{ detailType: DetailType.CustomerUnsubscribed, detail: { customerId: subject.customerId, at: deps.now }, time: deps.now }]);
  return page(200, 'You are unsubscribed', `You will get no more suggestions or reminders from ${deps.brandName}. Emails about your orders still reach you.`);
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (statusCode: number, title: string, message: string): PageResponse => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5"><h1>${escape(title)}</h1><p>${escape(message)}</p></body></html>`,
});
