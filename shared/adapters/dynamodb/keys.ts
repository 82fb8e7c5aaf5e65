import type { OutreachFlow, StepRef } from '../../contracts/events';
import { PARTITIONS } from '../../contracts/table';
import { joinIds } from '../../domain/composite-id';
import { normalAddress } from '../../domain/suppression-hash';

// Every key format of the single table lives here, so what can collide with what is read in one place.
// Ids may hold any character: where more than one free-form id share a key, `joinIds` escapes them.

/** Partition key of everything about one customer. */
export const customerPk = (customerId: string): string => `${PARTITIONS.customer}${customerId}`;
/** The customer id a {@link customerPk} names. */
export const customerIdOfPk = (pk: unknown): string => String(pk).slice(PARTITIONS.customer.length);
/** Sort key of a customer's profile item. */
export const PROFILE_SK = 'PROFILE';
/** Sort-key prefix of a customer's orders. */
export const ORDER_PREFIX = 'ORDER#';
/** Sort key of one of a customer's orders. */
export const orderSk = (orderId: string): string => `${ORDER_PREFIX}${orderId}`;
/** Sort key of a customer's recent-sends log (frequency cap). */
export const CONTACTS_SK = 'CONTACTS';
/** Key of a suppressed address (case-insensitive). */
export const addressSuppressionKey = (email: string) => ({ pk: `${PARTITIONS.suppression}${normalAddress(email)}`, sk: 'SUPPRESSION' });
/** Key of a customer's own opt-out: outside their partition, so it outlives an erasure of their data. */
export const customerSuppressionKey = (customerId: string) => ({ pk: `${PARTITIONS.suppression}${customerId}`, sk: 'CUSTOMER' });
/** Sort key of the addresses of a customer that were suppressed (what an erasure must hash), under the customer. */
export const SUPPRESSED_ADDRESSES_SK = 'SUPPRESSED';
/** Key of an erased address or customer by its keyed hash: a sort key of its own, so no clear id or address ever meets it. */
export const hashedSuppressionKey = (kind: 'customer' | 'address', hash: string) => ({ pk: `${PARTITIONS.suppression}${hash}`, sk: `HASHED#${kind}` });
/** Seconds since the epoch `days` after `iso`: the TTL of finished records. */
export const expiresAfter = (iso: string, days: number): number => Math.floor(Date.parse(iso) / 1000) + days * 86_400;

/** Sort key of an outreach step: one per flow, sequence and step, so queuing twice is harmless. */
export const stepSk = ({ flow, sequenceId, stepId }: Pick<StepRef, 'flow' | 'sequenceId' | 'stepId'>): string =>
  joinIds('OUTREACH', flow, sequenceId, stepId);
/** Prefix of a customer's steps: all of them, one flow's, or one sequence's of a flow (never a longer sequence id's). */
export const stepPrefix = ({ flow, sequenceId }: { flow?: OutreachFlow; sequenceId?: string } = {}): string => {
  const parts = flow === undefined ? [] : sequenceId === undefined ? [flow] : [flow, sequenceId];
  return `${joinIds('OUTREACH', ...parts)}#`;
};
/** Due-index sort key of a step: by due time, then customer and step, unique per step. */
export const stepDueSk = (dueAt: string, customerId: string, sk: string): string => `${dueAt}#${joinIds(customerId)}#${sk}`;
/** Sort key of the up-serve suggestion keys a customer was sent. */
export const UPSERVE_SENT_SK = 'UPSERVE#SENT';
/** Sort key marking that an order's conversion was announced. */
export const conversionSk = (orderId: string): string => `CONVERSION#${orderId}`;

/** Key of the flow switches: one item, a `{ paused, at }` attribute per switched flow. */
export const FLOW_SWITCHES_KEY = { pk: `${PARTITIONS.ops}flows`, sk: 'SWITCHES' } as const;
/** Key of the current at-risk model (one item, replaced by each fit). */
export const RISK_MODEL_KEY = { pk: `${PARTITIONS.model}risk`, sk: 'CURRENT' } as const;
/** Partition key of everything a seller is told: flags, returns and digests. */
export const sellerPk = (sellerId: string): string => `${PARTITIONS.seller}${sellerId}`;
/** Sort key of a flag under its seller, ordered by time. */
export const flagSk = (flaggedAt: string, customerId: string): string => `FLAG#${flaggedAt}#${customerId}`;
/** Sort key of a flagged customer's return under their seller, ordered by time. */
export const returnSk = (orderedAt: string, customerId: string): string => `RETURN#${orderedAt}#${customerId}`;
/** Sort key of a seller's action on a flag, ordered by the flag's time: one per flag and action. */
export const actionSk = (flaggedAt: string, customerId: string, action: string): string => `ACTION#${flaggedAt}#${customerId}#${action}`;
/** Sort-key bounds of a seller's flags, returns or actions in (from, until]: "~" sorts after the "#" that follows an instant. */
export const sellerWindow = (kind: 'FLAG' | 'RETURN' | 'ACTION', from: string, until: string): { from: string; until: string } => ({ from: `${kind}#${from}~`, until: `${kind}#${until}~` });
/** Sort key of a seller's digest for one local date. */
export const digestSk = (date: string): string => `DIGEST#${date}`;
/** A due time that never comes: profiles with no risk check due stay in the index here, so the refit can list them. */
const NEVER = '9999-12-31T00:00:00.000Z';
/** Due-index sort key of a profile: its next risk check, or parked at {@link NEVER}. */
export const riskDueSk = (customerId: string, dueAt: string | undefined): string => `${dueAt ?? NEVER}#${customerId}`;
/** Upper bound of the due-index sort keys due at or before `now`. */
export const dueUntil = (now: string): string => `${now}~`;

/** Partition key of everything stored about one product. */
export const productPk = (sku: string): string => `${PARTITIONS.product}${sku}`;
/** Sort key of a product's related items, the row the planner reads. */
export const RELATED_SK = 'RELATED';
/** Sort key of a product's bought-together counts. */
export const COUNTS_SK = 'COUNTS';
/** Key of the bought-together model's totals. */
export const UPSERVE_TOTALS_KEY = { pk: `${PARTITIONS.upserve}MODEL`, sk: 'TOTALS' } as const;
/** Partition key of the up-serve order log of one day. */
export const orderLogPk = (day: string): string => `${PARTITIONS.upserve}LOG#${day}`;
/** Sort key of one order in its day's log. */
export const orderLogSk = (customerId: string, orderId: string): string => joinIds(customerId, orderId);
/** A basket id `<customerId>#<yyyy>Q<q>` as the item under its customer. */
export const basketKey = (id: string): { pk: string; sk: string } => {
  const cut = id.lastIndexOf('#');
  return { pk: customerPk(id.slice(0, cut)), sk: `BASKET#${id.slice(cut + 1)}` };
};
/** The basket id of a stored basket item. */
export const basketIdOf = (item: Record<string, unknown>): string => `${customerIdOfPk(item.pk)}#${String(item.sk).slice('BASKET#'.length)}`;

/** Key of a flow's running uplift totals. */
export const upliftTotalsKey = (flow: OutreachFlow) => ({ pk: `${PARTITIONS.measure}${flow}`, sk: 'TOTALS' });
/** Sort key of the marker that one uplift increment was counted. */
export const measuredSk = (once: string): string => `MEASURED#${once}`;
/** Where the daily uplift goes: one item per day and the latest one, read without a scan. */
export const UPLIFT_PK = `${PARTITIONS.measure}uplift`;
/** Sort key of one day's uplift. */
export const upliftDaySk = (date: string): string => `DAY#${date}`;
/** Sort key of the latest uplift. */
export const UPLIFT_CURRENT_SK = 'CURRENT';
