import type { Brand, Seller } from '../../shared/config/schema';
import { DetailType, type SellerDigestSent } from '../../shared/contracts/events';
import { type FlagRecord, type ReturnRecord, digestWindowStart, rankByValue, suggestNextStep } from '../../shared/domain/digest';
import { localDate } from '../../shared/domain/local-time';
import { daysSilentSince } from '../../shared/domain/risk/assess';
import { describeItems } from '../../shared/email/format';
import { type AtRiskCustomer, type ReturnedCustomer, renderEmail } from '../../shared/email/render';
import type { EventPublisher, Mailer, SellerDesk } from '../../shared/ports';
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
  now: string;
  /** Told about a seller whose digest could not be sent (the run fails at the end and is retried). */
  onError?: (error: unknown) => void;
}

/** What one run did, per seller outcome. */
export type DigestCounts = Record<'sent' | 'quiet' | 'already-sent' | 'failed', number>;

/** Thrown at the end of a run in which some digest could not be sent; the others went out. */
export class DigestRunError extends LoyaltyError {
  override name = 'DigestRunError';
}

/**
 * Sends each seller one digest for their local date: customers newly at risk since their last digest,
 * ranked by value, and previously flagged customers who came back. A seller with nothing new gets
 * nothing unless the config asks for an all-quiet note. The digest is claimed per seller and date
 * before sending, so a retried run never sends it twice.
 */
export async function sendSellerDigests(deps: DigestDeps): Promise<DigestCounts> {
  const counts: DigestCounts = { sent: 0, quiet: 0, 'already-sent': 0, failed: 0 };
  for (const seller of deps.sellers) {
    const outcome = await sendDigest(seller, deps).catch((error: unknown) => {
      deps.onError?.(error);
      return 'failed' as const;
    });
    counts[outcome]++;
  }
  if (counts.failed) throw new DigestRunError(`${counts.failed} of ${deps.sellers.length} seller digests could not be sent`);
  return counts;
}

async function sendDigest(seller: Seller, deps: DigestDeps): Promise<keyof DigestCounts> {
  const { desk, now } = deps;
  const date = localDate(now, seller.timeZone);
  const last = await desk.lastDigest(seller.id);
  if (last?.date === date) return 'already-sent';
  const { flags, returns } = await desk.between(seller.id, digestWindowStart(last, now), now);
  if (flags.length === 0 && returns.length === 0 && !deps.allQuietNote) return 'quiet';
  const digest = { sellerId: seller.id, date, until: now };
  if (!(await desk.claimDigest(digest))) return 'already-sent';
  const ranked = rankByValue(flags);
  let messageId: string;
  try {
    messageId = await deps.mailer.send({ to: seller.email, ...render(seller, ranked, returns, deps), tags: { sellerId: seller.id, kind: 'seller-digest' } });
  } catch (error) {
    await desk.releaseDigest(digest);
    throw error;
  }
  const sent = { messageId, customerIds: ranked.map((f) => f.customerId), cameBackIds: returns.map((r) => r.customerId) };
  await desk.completeDigest(digest, sent);
  const detail: SellerDigestSent = { sellerId: seller.id, date, ...sent, sentAt: now };
  await deps.events.publish([{ detailType: DetailType.SellerDigestSent, detail, time: now }]);
  return 'sent';
}

function render(seller: Seller, ranked: readonly FlagRecord[], returns: readonly ReturnRecord[], { brand, now }: DigestDeps) {
  return renderEmail('seller-digest', {
    brand,
    sellerName: seller.name,
    timeZone: seller.timeZone,
    date: now,
    atRisk: ranked.map((flag) => atRiskRow(flag, now)),
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
    nextStep: suggestNextStep({ occasions: flag.occasions, daysSilent, usualIntervalDays: flag.usualIntervalDays, lastOrderWhat }),
  };
}

/** Sellers know their customers by name; the id stands in when the shop sent none. */
const nameOf = (c: { customerName?: string; customerId: string }): string => c.customerName ?? `Customer ${c.customerId}`;
