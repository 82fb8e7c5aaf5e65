import { DetailType, type CustomerErased } from '../contracts/events';
import { normalAddress } from '../domain/suppression-hash';
import { addDays } from '../domain/time';
import { dayOf, ORDER_LOG_DAYS } from '../domain/upserve/nightly';
import type { CustomerItem, CustomerRecords, EventPublisher, SuppressionList } from '../ports';

/** What an export or an erasure needs; `now` is when the request was made. */
export interface CustomerPrivacyDeps {
  records: CustomerRecords;
  suppressions: Pick<SuppressionList, 'entriesOf' | 'keepOnlyHashes'>;
  events: EventPublisher;
  /** The seller directory and default seller: a flag sits under the seller told, which may not be the customer's seller today. */
  sellers: { defaultSellerId: string; directory: readonly { id: string }[] };
  now: string;
}

/** Everything stored about one customer (GDPR article 15): item kind → the items, without the table's own bookkeeping. */
export interface CustomerExport {
  customerId: string;
  exportedAt: string;
  items: Record<string, Record<string, unknown>[]>;
}

/** Writes every item of the customer, as stored, grouped by kind; a seller digest shows only that it listed them. */
export async function exportCustomer(customerId: string, deps: CustomerPrivacyDeps): Promise<CustomerExport> {
  const { items, emails } = await gather(customerId, deps);
  const suppressions = await deps.suppressions.entriesOf(emails, customerId);
  const grouped: CustomerExport['items'] = {};
  for (const item of items) (grouped[item.kind] ??= []).push(exported(item, customerId));
  if (suppressions.length) grouped.suppression = suppressions.map((s) => plain(withoutBookkeeping(s)));
  return { customerId, exportedAt: deps.now, items: grouped };
}

/**
 * Erases the customer (GDPR article 17): suppresses their id and addresses for good under keyed
 * hashes, then deletes every item of theirs and takes them out of their sellers' digests. Running it
 * again is harmless and finishes an erasure that stopped halfway.
 */
export async function eraseCustomer(customerId: string, deps: CustomerPrivacyDeps): Promise<CustomerErased> {
  const { items, emails } = await gather(customerId, deps);
  await deps.suppressions.keepOnlyHashes({ customerId, emails, at: deps.now });
  await deps.records.erase(customerId, items);
  const digests = items.filter((i) => i.kind === 'seller-digest').length;
  const erased: CustomerErased = { customerId, erasedAt: deps.now, itemsErased: items.length - digests, digestsUpdated: digests };
  await deps.events.publish([{ detailType: DetailType.CustomerErased, detail: erased, time: deps.now }]);
  return erased;
}

/** The customer's own items, then what names them elsewhere, found from what their own items say. */
async function gather(customerId: string, deps: CustomerPrivacyDeps): Promise<{ items: CustomerItem[]; emails: string[] }> {
  const own = await deps.records.own(customerId);
  const mentions = await deps.records.mentions(customerId, { sellerIds: sellersOf(own, deps.sellers), logDays: logDaysOf(own, deps.now) });
  return { items: [...own, ...mentions], emails: addressesOf(own) };
}

/** The customer's address now and every address of theirs ever suppressed (noted under them), lower-cased: one of each. */
function addressesOf(own: readonly CustomerItem[]): string[] {
  const current = own.flatMap((i) => (i.kind === 'profile' && typeof i.data.email === 'string' ? [i.data.email] : []));
  const suppressed = own.flatMap((i) => (i.kind === 'suppressed-addresses' ? [...((i.data.addresses as Set<string> | undefined) ?? [])] : []));
  return [...new Set([...current, ...suppressed].map(normalAddress))];
}

/** Every seller who may have been told about the customer: the directory, the default, and any seller their items name. */
const sellersOf = (own: readonly CustomerItem[], sellers: CustomerPrivacyDeps['sellers']): string[] => [
  ...new Set([
    sellers.defaultSellerId,
    ...sellers.directory.map((s) => s.id),
    ...own.flatMap((i) => [i.data.sellerId, (i.data.riskFlag as { sellerId?: unknown } | undefined)?.sellerId].filter((s): s is string => typeof s === 'string')),
  ]),
];

/**
 * The days of the up-serve order log that may hold the customer's orders: an order is logged on the
 * day it arrived, within a day of when it was placed (or later, for a late one: still within the log's
 * life before now). Older days have expired.
 */
function logDaysOf(own: readonly CustomerItem[], now: string): string[] {
  const placed = own.flatMap((i) => (i.kind === 'order' && typeof i.data.placedAt === 'string' ? [i.data.placedAt] : []));
  const around = placed.flatMap((at) => [-1, 0, 1].map((d) => dayOf(addDays(at, d))));
  const recent = Array.from({ length: ORDER_LOG_DAYS + LOG_EXPIRY_LAG_DAYS }, (_, d) => dayOf(addDays(now, -d)));
  return [...new Set([...around, ...recent])];
}

/** DynamoDB deletes expired items within days, not at once: the log days just past their TTL are read too. */
const LOG_EXPIRY_LAG_DAYS = 5;

/** An item as its export shows it: a digest only says that it listed the customer, never whom else. */
function exported(item: CustomerItem, customerId: string): Record<string, unknown> {
  if (item.kind !== 'seller-digest') return plain(withoutBookkeeping(item.data));
  const { sellerId, date, status } = item.data;
  const listed = (field: string) => ((item.data[field] as unknown[] | undefined) ?? []).includes(customerId);
  return { sellerId, date, status, listedAtRisk: listed('customerIds'), listedAsCameBack: listed('cameBackIds') };
}

/** Keys, index entries, leases, versions and unpublished events are the table's bookkeeping, not data about the customer. */
const BOOKKEEPING = new Set(['pk', 'sk', 'type', 'duePk', 'dueSk', 'leaseHolder', 'leaseUntil', 'version', 'outbox']);
const withoutBookkeeping = (data: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(data).filter(([k]) => !BOOKKEEPING.has(k)));

/** JSON-ready: DynamoDB string sets become sorted arrays. */
const plain = (data: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v instanceof Set ? [...(v as Set<unknown>)].sort() : v]));
