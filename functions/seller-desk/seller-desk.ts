import { DetailType, LostReason, SellerAction, type SellerActionRecorded } from '../../shared/contracts/events';
import { sellerFor } from '../../shared/domain/digest';
import { endFlag, type CustomerProfile, type RiskFlag } from '../../shared/domain/purchase';
import { effectOf, type ActionRecord } from '../../shared/domain/seller-action';
import { openSellerLink, type SellerLink } from '../../shared/domain/seller-link';
import type { CustomerStore, EventPublisher, OutreachQueue, SellerDesk } from '../../shared/ports';
import type { PageRequest } from '../../shared/runtime/handler';
import { PAGE_HEADERS, escapeHtml, htmlPage, type PageResponse } from '../../shared/runtime/html-page';
import { skipPending } from '../../shared/use-cases/end-step';
import { updateProfile } from '../../shared/use-cases/update-profile';
import { CARD_STYLE, actionForms, cardPage, type CardFacts } from './customer-card';

/** Ports of the seller's pages; `now` is the request's time. */
export interface SellerDeskDeps {
  customers: CustomerStore;
  queue: OutreachQueue;
  desk: SellerDesk;
  events: EventPublisher;
  /** What the card shows besides the profile: orders, emails, consent, risk over time. */
  cardFacts: (profile: CustomerProfile) => Promise<CardFacts>;
  secret: string;
  sellers: { defaultSellerId: string; directory: readonly { id: string }[] };
  reachOutWaitDays: number;
  now: string;
}

/**
 * The seller's page behind each digest link. A GET (or HEAD) shows the customer card and the
 * actions and changes nothing, so link scanners and previews never act; a POST records the action.
 * Only the seller a genuine, unexpired link was made for sees their own customer (else 403).
 */
export async function handleSellerDesk(request: PageRequest, deps: SellerDeskDeps): Promise<PageResponse> {
  if (!['GET', 'HEAD', 'POST'].includes(request.method)) {
    return { ...message(405, 'Not allowed', 'This address only answers GET and POST.'), headers: { ...PAGE_HEADERS, allow: 'GET, HEAD, POST' } };
  }
  const opened = openSellerLink(request.token, deps.secret, deps.now);
  if (opened.kind === 'invalid') return message(400, 'This link is not valid', 'We could not read this link, so nothing was changed. Please use the link from your latest digest.');
  if (opened.kind === 'expired') return message(410, 'This link has expired', 'Links in a digest work for a limited time, so nothing was changed. A customer still at risk is on your next digest.');
  const { link } = opened;
  const profile = await deps.customers.getProfile(link.customerId);
  if (!profile) return message(404, 'No such customer', 'This customer is no longer on record.');
  if (sellerOf(profile, deps) !== link.sellerId) return message(403, 'Not your customer', 'This customer belongs to another seller, so nothing is shown and nothing was changed.');
  if (request.method === 'POST') return act(profile, link, request.form, deps);
  const shown = await card(profile, link, deps);
  return request.method === 'HEAD' ? { ...shown, body: '' } : shown;
}

/** The customer's seller now: the one their flag was raised for, or whom the directory assigns. */
const sellerOf = (profile: CustomerProfile, { sellers }: SellerDeskDeps): string => profile.riskFlag?.sellerId ?? sellerFor(profile.sellerId, sellers);

async function card(profile: CustomerProfile, link: SellerLink, deps: SellerDeskDeps): Promise<PageResponse> {
  const facts = await deps.cardFacts(profile);
  const open = profile.riskFlag?.flaggedAt === link.flaggedAt ? profile.riskFlag : undefined;
  return cardPage(profile, facts, open ? actionForms(link, open) : '<p class="settled">This flag is settled: there is nothing to act on.</p>');
}

/** Records the action and applies it, each step safe to repeat; the profile is written last, so a retry after a failure finishes. */
async function act(profile: CustomerProfile, link: SellerLink, form: URLSearchParams, deps: SellerDeskDeps): Promise<PageResponse> {
  const posted = form.get('action');
  const asked = SellerAction.safeParse(link.action ?? posted);
  if (!asked.success || (link.action && posted && posted !== link.action)) return message(400, 'Unknown action', 'Nothing was changed: the form named no action this link allows.');
  const flag = profile.riskFlag;
  if (!flag || flag.flaggedAt !== link.flaggedAt) return message(200, 'Nothing to do', 'This flag is settled already (the customer ordered again, or it was cleared), so nothing changed.');
  const action = asked.data;
  if (flag.sellerAction?.action === action) return message(200, 'Already recorded', 'You recorded this before; nothing changed.');
  const reason = LostReason.safeParse(form.get('reason'));
  const record: ActionRecord = {
    sellerId: link.sellerId,
    customerId: profile.customerId,
    flaggedAt: flag.flaggedAt,
    action,
    at: deps.now,
    ...(action === 'lost' && reason.success && { reason: reason.data }),
  };
  await deps.desk.recordAction(record);
  const winBack = await applyToWinBack(record, flag, deps);
  const detail: SellerActionRecorded = record;
  await deps.events.publish([{ detailType: DetailType.SellerActionRecorded, detail, time: deps.now }]);
  await updateProfile(deps.customers, profile.customerId, (current) => {
    const same = current?.riskFlag?.flaggedAt === flag.flaggedAt;
    return { profile: same ? afterAction({ ...current!, riskFlag: current!.riskFlag! }, record) : undefined, result: same };
  });
  return message(200, 'Recorded', `${DONE[action]} ${winBack}`);
}

/** The flag as the action leaves it: "not at risk" ends it as a false alarm; any other is noted on it. */
function afterAction(profile: CustomerProfile & { riskFlag: RiskFlag }, { action, at, reason }: ActionRecord): CustomerProfile {
  if (action === 'not-at-risk') return endFlag(profile, 'not-at-risk', at);
  return { ...profile, riskFlag: { ...profile.riskFlag, sellerAction: { action, at, ...(reason && { reason }) } } };
}

/** Moves or ends the flag's waiting win-back; says in words what became of it. */
async function applyToWinBack(record: ActionRecord, flag: RiskFlag, deps: SellerDeskDeps): Promise<string> {
  const effect = effectOf(record.action, record.at, deps.reachOutWaitDays);
  const waiting = { flow: 'win-back' as const, sequenceId: flag.lastOrderId };
  if ('skip' in effect) {
    const { skipped } = await skipPending(record.customerId, waiting, effect.skip, deps);
    return skipped ? 'The automatic win-back email is cancelled.' : 'No win-back email was waiting.';
  }
  const [step] = await deps.queue.pending(record.customerId, waiting);
  if (!step) return 'No win-back email is waiting (it may have gone out already).';
  if (effect.onlyLater && step.dueAt >= effect.dueAt) return `The automatic win-back waits until ${day(step.dueAt)}.`;
  if (!(await deps.queue.retime(step, effect.dueAt, `seller: ${record.action}`, deps.now))) return 'The win-back email is being sent right now, so it could not be moved.';
  return effect.onlyLater ? `The automatic win-back waits until ${day(effect.dueAt)}.` : 'The win-back email goes out with the next run, within the usual quiet hours and limits.';
}

const DONE: Record<SellerAction, string> = {
  'reach-out': 'You are their contact now.',
  'send-win-back-now': 'The win-back is on its way.',
  'not-at-risk': 'The flag is cleared and counted as a false alarm; this is how the model learns.',
  lost: 'The customer is marked lost.',
};

const day = (at: string): string => at.slice(0, 10);

const message = (statusCode: number, title: string, text: string): PageResponse => htmlPage(statusCode, title, `<p>${escapeHtml(text)}</p>`, CARD_STYLE);
