import type { ActionRecord } from './seller-action';
import { addDays } from './time';

/** A flagged customer as their seller's digest shows them; stored under the seller when the flag is raised. */
export interface FlagRecord {
  sellerId: string;
  customerId: string;
  customerName?: string;
  /** How the seller reaches them, as their profile had it when flagged. */
  contact?: CustomerContact;
  flaggedAt: string;
  score: number;
  /** Spend so far. */
  value: number;
  expectedValue: number;
  /** Expected spend within the model's horizon if they stay × the chance none of it comes; the digest ranks by it. */
  valueAtStake?: number;
  currency: string;
  usualIntervalDays?: number;
  occasions: number;
  /** The last order before the silence, as the customer placed it. */
  lastOrder: { orderId: string; placedAt: string; items: { name: string; quantity: number }[] };
  reason: string;
}

/** How a seller reaches a customer: the address, and phone and company when the shop sends them. */
export interface CustomerContact {
  email: string;
  phone?: string;
  company?: string;
}

/** A previously flagged customer who ordered again; stored under the seller for the next digest. */
export interface ReturnRecord {
  sellerId: string;
  customerId: string;
  customerName?: string;
  orderedAt: string;
  total: number;
  currency: string;
}

/** One seller's digest for one local date, and the instant its window ended. */
export interface DigestRecord {
  sellerId: string;
  /** The seller's local date, `YYYY-MM-DD`. */
  date: string;
  /** The digest covered flags and returns up to this instant; the next one starts here. */
  until: string;
}

/** A seller's first digest looks back this far. */
const FIRST_DIGEST_LOOKBACK_DAYS = 7;

/** The seller whose digest hears about a customer: their own if the directory knows them, the default seller otherwise. */
export function sellerFor(sellerId: string | undefined, sellers: { defaultSellerId: string; directory: readonly { id: string }[] }): string {
  return sellerId !== undefined && sellers.directory.some((s) => s.id === sellerId) ? sellerId : sellers.defaultSellerId;
}

/** Whether the next digest starts where this one ended: it was sent, or the stage withheld it for good (its customers are not carried over). */
export const endsWindow = (status: string): boolean => status === 'sent' || status === 'withheld';

/** Where a digest's window starts: where the last one ended, or a week back for a seller's first. */
export const digestWindowStart = (last: DigestRecord | undefined, now: string): string => last?.until ?? addDays(now, -FIRST_DIGEST_LOOKBACK_DAYS);

/** What ranks a flag: its value at stake; spend so far for flags recorded before value at stake existed. */
export const rankingValue = (flag: Pick<FlagRecord, 'value' | 'valueAtStake'>): number => flag.valueAtStake ?? flag.value;

/**
 * Highest value at stake first; among equals the longest known customer (most orders) first. Amounts
 * are compared, never added, so a seller's customers in different currencies rank by face value.
 */
export const rankByValue = (flags: readonly FlagRecord[]): FlagRecord[] =>
  [...flags].sort((a, b) => rankingValue(b) - rankingValue(a) || b.occasions - a.occasions);

/** What the seller could do, from how the customer buys and how long they have been quiet. */
export function suggestNextStep(facts: { occasions: number; daysSilent: number; usualIntervalDays?: number; lastOrderWhat: string }): string {
  const { occasions, daysSilent, usualIntervalDays, lastOrderWhat } = facts;
  if (occasions < 2 || usualIntervalDays === undefined) {
    return `Ask how their first order (${lastOrderWhat}) worked out, and what would bring them back.`;
  }
  if (daysSilent >= 3 * usualIntervalDays) {
    return `Call them: ${daysSilent} days is far beyond their usual rhythm; ask whether anything changed.`;
  }
  return `Send a personal note with something new that goes with ${lastOrderWhat}.`;
}

/** What the seller did from recent digests, and what came of it. */
export interface SellerActivity {
  /** The span counted, ending at the digest's date. */
  days: number;
  reachedOut: number;
  /** Of those reached out to, how many ordered since. */
  orderedSince: number;
  sentNow: number;
  notAtRisk: number;
  lost: number;
}

/** The span a digest looks back on for what the seller did. */
export const ACTIVITY_DAYS = 30;

/** Where to look for the actions of the span: they are keyed by their flag, which may be up to a grace period and a span older. */
export const activityLookbackStart = (now: string): string => addDays(now, -2 * ACTIVITY_DAYS);

/** The seller's actions of the last {@link ACTIVITY_DAYS} and how many of the customers reached out to ordered since; undefined when they did nothing. */
export function summarizeActivity({ actions, returns }: { actions: readonly ActionRecord[]; returns: readonly ReturnRecord[] }, now: string): SellerActivity | undefined {
  const since = addDays(now, -ACTIVITY_DAYS);
  const recent = actions.filter((a) => a.at > since && a.at <= now);
  if (recent.length === 0) return undefined;
  const reached = recent.filter((a) => a.action === 'reach-out');
  const countOf = (action: ActionRecord['action']) => recent.filter((a) => a.action === action).length;
  return {
    days: ACTIVITY_DAYS,
    reachedOut: reached.length,
    orderedSince: reached.filter((a) => returns.some((r) => r.customerId === a.customerId && r.orderedAt > a.at)).length,
    sentNow: countOf('send-win-back-now'),
    notAtRisk: countOf('not-at-risk'),
    lost: countOf('lost'),
  };
}
