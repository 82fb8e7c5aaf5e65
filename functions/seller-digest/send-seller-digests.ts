import type { Brand, Seller } from '../../shared/config/schema';
import { DetailType, type SellerAction, type SellerDigestOutcomeUnknown, type SellerDigestSent } from '../../shared/contracts/events';
import {
  type DigestRecord,
  type FlagRecord,
  type ReturnRecord,
  type SellerActivity,
  activityLookbackStart,
  digestWindowStart,
  endsWindow,
  rankByValue,
  suggestNextStep,
  summarizeActivity,
} from '../../shared/domain/digest';
import { sellerLinkUrl } from '../../shared/domain/seller-link';
import { localDate } from '../../shared/domain/local-time';
import { daysSilentSince } from '../../shared/domain/risk/summary';
import { describeItems } from '../../shared/email/format';
import { type AtRiskCustomer, type ReturnedCustomer, renderEmail } from '../../shared/email/render';
import { addDays, addMinutes } from '../../shared/domain/time';
import {
  MailError,
  MailWithheldError,
  type DigestListing,
  type EventPublisher,
  type Lease,
  type Mailer,
  type OutgoingEmail,
  type OutgoingEvent,
  type SellerDesk,
  type StoredDigest,
} from '../../shared/ports';
import { LoyaltyError } from '../../shared/errors';

/** Ports and settings of one digest run; `now` is the scheduled time. */
export interface DigestDeps {
  desk: SellerDesk;
  mailer: Mailer;
  events: EventPublisher;
  brand: Brand;
  /** The sellers whose local digest hour this run is. */
  sellers: readonly Seller[];
  allQuietNote: boolean;
  /** The digest is switched off (`npm run flow -- pause digest`): nothing is read, leased or sent. */
  paused?: boolean;
  now: string;
  /**
   * Real time, for leases only: a retried run carries the scheduled time of the run that failed, so
   * only the clock tells whether the run that leased a digest is still at work.
   */
  clock: () => string;
  /** Told about a seller whose digest could not be sent (the run fails at the end and is retried). */
  onError?: (error: unknown) => void;
  /** The seller pages the digest links each customer to, the secret that signs the links, and how long they work. */
  links: { baseUrl: string; secret: string; validDays: number };
}

/**
 * What one run did, per digest outcome; `unknown` digests were handed to the mailer by a run that
 * stopped before recording the outcome; `paused` ones were not touched because the digest is paused.
 */
export type DigestCounts = Record<'sent' | 'quiet' | 'already-sent' | 'unknown' | 'withheld' | 'announced' | 'busy' | 'failed' | 'paused', number>;
type Outcome = keyof DigestCounts;

/** Thrown at the end of a run in which some digest could not be sent; the others went out. */
export class DigestRunError extends LoyaltyError {
  override name = 'DigestRunError';
}

/**
 * A leased digest is the run's this long. One lease covers one email, so it is short: Lambda retries a
 * failed run after a minute, and taking over a lease that ran out never sends a digest twice (one
 * handed to the mailer is only ever recorded as unknown).
 */
const LEASE_MINUTES = 1;

/**
 * Sends each seller one digest for their local date: customers newly at risk since their last digest
 * sent, ranked by value, and previously flagged customers who came back. A seller with nothing new
 * gets nothing unless the config asks for an all-quiet note. Each digest is leased while a run works
 * on it and marked just before the mailer gets it, so a run that stopped is carried on by the next:
 * before the send it is sent, after the send it is recorded as unknown and never sent again, and an
 * outcome recorded but not yet published is published. The customers of a digest not sent, or of
 * unknown outcome, are in the next one. A digest another run holds fails the run, so it is retried.
 * While the digest is paused a run leases nothing: a run of the same local date after the resume
 * sends that day's digest, and the next one sent lists everything since the last one sent.
 */
export async function sendSellerDigests(deps: DigestDeps): Promise<DigestCounts> {
  const counts: DigestCounts = { sent: 0, quiet: 0, 'already-sent': 0, unknown: 0, withheld: 0, announced: 0, busy: 0, failed: 0, paused: 0 };
  if (deps.paused) return { ...counts, paused: deps.sellers.length };
  for (const seller of deps.sellers) {
    const outcomes = await digestsOf(seller, deps).catch((error: unknown): Outcome[] => {
      deps.onError?.(error);
      return ['failed'];
    });
    for (const outcome of outcomes) counts[outcome]++;
  }
  if (counts.failed || counts.busy) {
    throw new DigestRunError(`of ${deps.sellers.length} seller digests ${counts.failed} could not be sent and ${counts.busy} were held by another run`);
  }
  return counts;
}

/** Carries on what earlier runs left unsettled (a run never retried), then sends today's digest. */
async function digestsOf(seller: Seller, deps: DigestDeps): Promise<Outcome[]> {
  const date = localDate(deps.now, seller.timeZone);
  const recent = await deps.desk.recentDigests(seller.id);
  const outcomes: Outcome[] = [];
  for (const left of recent.filter((d) => d.date !== date && unsettled(d))) outcomes.push(await carryOn(left, deps));
  outcomes.push(await today(seller, date, recent, deps));
  return outcomes;
}

/** A digest with an outcome to record or to publish. */
const unsettled = (d: StoredDigest) => d.status === 'sending' || d.outbox.length > 0;

async function today(seller: Seller, date: string, recent: readonly StoredDigest[], deps: DigestDeps): Promise<Outcome> {
  const { desk, now } = deps;
  const found = recent.find((d) => d.date === date);
  if (found && unsettled(found)) return carryOn(found, deps);
  if (found && found.status !== 'claimed') return 'already-sent';
  const { flags, returns } = await desk.between(seller.id, digestWindowStart(recent.find((d) => endsWindow(d.status)), now), now);
  if (flags.length === 0 && returns.length === 0 && !deps.allQuietNote) return 'quiet';
  const activity = summarizeActivity(await desk.activity(seller.id, activityLookbackStart(now), now), now);
  const ranked = rankByValue(flags);
  const email: OutgoingEmail = { to: seller.email, ...render(seller, { ranked, returns, activity }, deps), tags: { sellerId: seller.id, kind: 'seller-digest' } };
  const listed = { customerIds: ranked.map((f) => f.customerId), cameBackIds: returns.map((r) => r.customerId) };
  return carryOn({ sellerId: seller.id, date, until: now }, deps, { email, listed });
}

/**
 * Leases the digest and takes it on from where it stands: sends it (when there is an email for it),
 * records an interrupted send as unknown, or publishes a recorded outcome. A failure gives the lease
 * back, so the retry goes on at once.
 */
async function carryOn(digest: DigestRecord, deps: DigestDeps, fresh?: { email: OutgoingEmail; listed: DigestListing }): Promise<Outcome> {
  const at = deps.clock();
  const claim = await deps.desk.claimDigest(digest, addMinutes(at, LEASE_MINUTES), at);
  if (!claim) return 'busy';
  const { digest: held, lease } = claim;
  try {
    if (held.outbox.length) return await announce(held, held.outbox, lease, 'announced', deps);
    if (held.status === 'sending') return await recordUnknown(held, lease, deps);
    if (!fresh) {
      // A racing run's send was refused in the meantime: its retry sends it.
      await deps.desk.releaseDigest(held, lease);
      return 'busy';
    }
    return await send(digest, lease, fresh, deps);
  } catch (error) {
    await deps.desk.releaseDigest(held, lease, { unsent: error instanceof MailError }).catch(() => undefined);
    throw error;
  }
}

async function send(digest: DigestRecord, lease: Lease, { email, listed }: { email: OutgoingEmail; listed: DigestListing }, deps: DigestDeps): Promise<Outcome> {
  // The last write before the mailer: from here an interrupted run's digest is never sent again.
  if (!(await deps.desk.beginDigestSend(digest, listed, lease))) return 'busy';
  let messageId: string;
  try {
    messageId = await deps.mailer.send(email);
  } catch (error) {
    if (!(error instanceof MailWithheldError)) throw error;
    return withhold(digest, error.reason, lease, deps);
  }
  const detail: SellerDigestSent = { sellerId: digest.sellerId, date: digest.date, ...listed, messageId, sentAt: deps.now };
  const events = [{ detailType: DetailType.SellerDigestSent, detail, time: deps.now }];
  if (!(await deps.desk.finishDigest(digest, { status: 'sent', messageId }, events, lease))) {
    throw new Error(`lease on the digest of seller ${digest.sellerId} for ${digest.date} lost before message ${messageId} was recorded`);
  }
  return announce(digest, events, lease, 'sent', deps);
}

/** A digest the stage does not deliver (the seller is not on its allow-list): recorded as withheld with the reason, never retried. */
async function withhold(digest: DigestRecord, reason: MailWithheldError['reason'], lease: Lease, deps: DigestDeps): Promise<Outcome> {
  if (!(await deps.desk.finishDigest(digest, { status: 'withheld', reason }, [], lease))) return 'busy';
  return announce(digest, [], lease, 'withheld', deps);
}

/** A digest handed to the mailer by a run that stopped before recording the outcome: kept as unknown and reported, never sent again. */
async function recordUnknown(held: StoredDigest, lease: Lease, deps: DigestDeps): Promise<Outcome> {
  const reason = 'a run handed the digest to the mailer and stopped before recording the outcome';
  const detail: SellerDigestOutcomeUnknown = { sellerId: held.sellerId, date: held.date, customerIds: held.customerIds, cameBackIds: held.cameBackIds, reason, at: deps.now };
  const events = [{ detailType: DetailType.SellerDigestOutcomeUnknown, detail, time: deps.now }];
  if (!(await deps.desk.finishDigest(held, { status: 'unknown', reason }, events, lease))) return 'busy';
  return announce(held, events, lease, 'unknown', deps);
}

/** Publishes a recorded outcome's events, then drops them from the digest; a crash in between publishes them again later. */
async function announce(digest: DigestRecord, events: OutgoingEvent[], lease: Lease, counted: Outcome, deps: DigestDeps): Promise<Outcome> {
  await deps.events.publish(events);
  await deps.desk.digestAnnounced(digest, lease);
  return counted;
}

function render(seller: Seller, { ranked, returns, activity }: { ranked: readonly FlagRecord[]; returns: readonly ReturnRecord[]; activity?: SellerActivity }, deps: DigestDeps) {
  const { brand, now } = deps;
  return renderEmail('seller-digest', {
    brand,
    sellerName: seller.name,
    timeZone: seller.timeZone,
    date: now,
    ...(activity && { activity }),
    atRisk: ranked.map((flag) => ({ ...atRiskRow(flag, now), links: linksFor(flag, deps) })),
    cameBack: returns.map(
      (back): ReturnedCustomer => ({ customerName: nameOf(back), orderedAt: back.orderedAt, orderTotal: { amount: back.total, currency: back.currency } }),
    ),
  });
}

function atRiskRow(flag: FlagRecord, now: string): AtRiskCustomer {
  const daysSilent = daysSilentSince(flag.lastOrder.placedAt, now);
  const lastOrderWhat = flag.lastOrder.items.length ? describeItems(flag.lastOrder.items) : 'their last order';
  return {
    customerName: nameOf(flag),
    lastOrder: { placedAt: flag.lastOrder.placedAt, summary: lastOrderWhat },
    rhythmDays: flag.usualIntervalDays,
    daysSilent,
    value: { amount: flag.value, currency: flag.currency },
    ...(flag.valueAtStake === undefined ? {} : { valueAtStake: { amount: flag.valueAtStake, currency: flag.currency } }),
    ...(flag.contact && { contact: flag.contact }),
    nextStep: suggestNextStep({ occasions: flag.occasions, daysSilent, usualIntervalDays: flag.usualIntervalDays, lastOrderWhat }),
  };
}

/** The signed links of one listed customer: their card, and each action; they work for `links.validDays`. */
function linksFor(flag: FlagRecord, { links, now }: DigestDeps): NonNullable<AtRiskCustomer['links']> {
  const link = { sellerId: flag.sellerId, customerId: flag.customerId, flaggedAt: flag.flaggedAt, expiresAt: addDays(now, links.validDays) };
  const url = (action?: SellerAction) => sellerLinkUrl(links.baseUrl, { ...link, ...(action && { action }) }, links.secret);
  return { card: url(), reachOut: url('reach-out'), sendNow: url('send-win-back-now'), notAtRisk: url('not-at-risk'), lost: url('lost') };
}

/** Sellers know their customers by name; the id stands in when the shop sent none. */
const nameOf = (c: { customerName?: string; customerId: string }): string => c.customerName ?? `Customer ${c.customerId}`;
