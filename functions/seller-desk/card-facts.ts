import type { CustomerProfile } from '../../shared/domain/purchase';
import { withPolicy, type RiskPolicy } from '../../shared/domain/risk/assess';
import { scoreCustomer, type RiskModel } from '../../shared/domain/risk/score';
import { dayOf, summarise } from '../../shared/domain/risk/summary';
import type { CustomerItem, CustomerRecords, SuppressionList } from '../../shared/ports';

/** One order as the card lists it. */
export interface CardOrder {
  orderId: string;
  placedAt: string;
  cancelled: boolean;
  total: number;
  currency: string;
  items: { name: string; quantity: number }[];
}

/** One email step as the card lists it: sent, skipped (and why), waiting, or failed. */
export interface CardEmail {
  kind: string;
  status: string;
  at: string;
  reason?: string;
}

/** What the card shows besides the profile. */
export interface CardFacts {
  /** Newest first, at most {@link SHOWN}. */
  orders: CardOrder[];
  /** Days between consecutive purchase days, oldest first: the buying rhythm. */
  gapsDays: number[];
  /** Newest first, at most {@link SHOWN}. */
  emails: CardEmail[];
  suppressed: boolean;
  /** The at-risk score with the current model at points from the first order to now, and the threshold that flags. */
  risk: { points: { at: string; score: number }[]; threshold: number };
}

/** Orders and emails a card lists: the recent ones are what a call is about. */
const SHOWN = 20;
/** Points of the risk line: enough for its shape on a phone. */
const RISK_POINTS = 24;

/** What a card reads: the customer's own items (one query), the suppression state, and the current model. */
export interface CardSources {
  records: CustomerRecords;
  suppressions: SuppressionList;
  model: RiskModel;
  policy: RiskPolicy;
  now: string;
}

/** The facts of one customer's card. */
export async function cardFactsOf(profile: CustomerProfile, sources: CardSources): Promise<CardFacts> {
  const [items, suppressed] = await Promise.all([sources.records.own(profile.customerId), sources.suppressions.isSuppressed(profile.email, profile.customerId)]);
  const orders = items.filter((i) => i.kind === 'order').map(toOrder).sort((a, b) => b.placedAt.localeCompare(a.placedAt));
  const active = orders.filter((o) => !o.cancelled);
  return {
    orders: orders.slice(0, SHOWN),
    gapsDays: gapsBetween(active.map((o) => dayOf(o.placedAt))),
    emails: items.filter((i) => i.kind === 'outreach').map(toEmail).sort((a, b) => b.at.localeCompare(a.at)).slice(0, SHOWN),
    suppressed,
    risk: riskOverTime(active, profile.currency, sources),
  };
}

const toOrder = ({ data }: CustomerItem): CardOrder => ({
  orderId: String(data.orderId),
  placedAt: String(data.placedAt),
  cancelled: data.status === 'cancelled',
  total: Number(data.total ?? 0),
  currency: String(data.currency ?? ''),
  items: ((data.items as { name: string; quantity: number }[] | undefined) ?? []).map(({ name, quantity }) => ({ name, quantity })),
});

const toEmail = ({ data }: CustomerItem): CardEmail => ({
  kind: String(data.kind),
  status: String(data.status),
  at: String(data.sentAt ?? data.finishedAt ?? data.dueAt),
  ...(typeof data.reason === 'string' && { reason: data.reason }),
});

/** Whole days between consecutive distinct purchase days. */
function gapsBetween(days: readonly string[]): number[] {
  const distinct = [...new Set(days)].sort();
  return distinct.slice(1).map((day, i) => Math.round((Date.parse(day) - Date.parse(distinct[i]!)) / 86_400_000));
}

/** The score the customer had at evenly spaced instants, each on the orders placed by then. */
function riskOverTime(orders: readonly CardOrder[], currency: string, { model, policy, now }: CardSources): CardFacts['risk'] {
  const scoring = withPolicy(model, policy);
  const purchases = orders.map((o) => ({ at: o.placedAt, amount: o.currency === currency ? o.total : 0 }));
  const first = purchases.reduce<string | undefined>((min, p) => (min === undefined || p.at < min ? p.at : min), undefined);
  if (!first) return { points: [], threshold: scoring.threshold };
  const start = Date.parse(first);
  const step = Math.max(0, Date.parse(now) - start) / (RISK_POINTS - 1);
  const points = Array.from({ length: RISK_POINTS }, (_, i) => new Date(start + i * step).toISOString()).flatMap((at) => {
    const summary = summarise(purchases.filter((p) => p.at <= at), dayOf(at));
    return summary ? [{ at, score: scoreCustomer(scoring, summary, at).score }] : [];
  });
  return { points, threshold: scoring.threshold };
}
