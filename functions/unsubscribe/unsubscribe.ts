import { DetailType } from '../../shared/contracts/events';
import { verifyUnsubscribeToken } from '../../shared/domain/unsubscribe-token';
import type { EventPublisher, OutreachQueue, SuppressionList } from '../../shared/ports';
import { PAGE_HEADERS, escapeHtml, htmlPage, type PageResponse } from '../../shared/runtime/html-page';
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

/** What the endpoint was asked: the HTTP method and the link's token. */
export interface UnsubscribeRequest {
  method: string;
  token: string | undefined;
}

/**
 * The unsubscribe endpoint (RFC 8058). A GET or HEAD changes nothing, so mail scanners and link
 * previews that fetch the link unsubscribe no one: it shows a confirmation page whose button POSTs.
 * A POST (the page's button, or a mail client's one-click `List-Unsubscribe=One-Click`) unsubscribes
 * at once. A forged or altered token changes nothing.
 */
export async function handleUnsubscribe({ method, token }: UnsubscribeRequest, deps: UnsubscribeDeps): Promise<PageResponse> {
  if (method === 'POST') return unsubscribe(token, deps);
  if (method !== 'GET' && method !== 'HEAD') return { ...page(405, 'Not allowed', 'This address only answers GET and POST.'), headers: { ...PAGE_HEADERS, allow: 'GET, HEAD, POST' } };
  const shown = token && verifyUnsubscribeToken(token, deps.secret) ? confirmation(token, deps.brandName) : invalid();
  return method === 'HEAD' ? { ...shown, body: '' } : shown;
}

/**
 * Unsubscribes the token's subject: suppresses the address and the customer at once and ends
 * everything queued for them, announcing it once; a replayed token changes nothing again.
 */
export async function unsubscribe(token: string | undefined, deps: UnsubscribeDeps): Promise<PageResponse> {
  const subject = token ? verifyUnsubscribeToken(token, deps.secret) : undefined;
  if (!subject) return invalid();
  const newly = await deps.suppressions.suppress({ email: subject.email, reason: 'unsubscribe', at: deps.now, customerId: subject.customerId });
  // Ending what waits is idempotent and runs on a replay too, in case the first request stopped midway.
  await skipPending(subject.customerId, {}, 'unsubscribed', deps);
  if (newly) await deps.events.publish([{ detailType: DetailType.CustomerUnsubscribed, detail: { customerId: subject.customerId, at: deps.now }, time: deps.now }]);
  return page(200, 'You are unsubscribed', `You will get no more suggestions or reminders from ${deps.brandName}. Emails about your orders still reach you.`);
}

const invalid = () =>
  page(400, 'This link is not valid', 'We could not read this unsubscribe link, so nothing was changed. Please use the link from the most recent email, or reply to it and we will help.');

/** The page a GET shows: nothing changed yet; its button posts the token back, relative to the link itself. */
const confirmation = (token: string, brandName: string): PageResponse =>
  page(
    200,
    `Unsubscribe from ${brandName}?`,
    `You will get no more suggestions or reminders from ${brandName}. Emails about your orders still reach you.`,
    `<form method="post" action="?t=${escapeHtml(encodeURIComponent(token))}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="font-size:1rem;padding:.6rem 1.2rem">Unsubscribe</button></form>`,
  );

const page = (statusCode: number, title: string, message: string, form = ''): PageResponse => htmlPage(statusCode, title, `<p>${escapeHtml(message)}</p>${form}`);
