import { CUSTOMER_PARTITION, SUPPRESSION_PARTITION } from '../../contracts/table';

/** Partition key of everything about one customer. */
export const customerPk = (customerId: string): string => `${CUSTOMER_PARTITION}${customerId}`;
/** Sort key of a customer's profile item. */
export const PROFILE_SK = 'PROFILE';
/** Sort key of one of a customer's orders. */
export const orderSk = (orderId: string): string => `ORDER#${orderId}`;
/** Sort key of a customer's recent-sends log (frequency cap). */
export const CONTACTS_SK = 'CONTACTS';
/** Partition key of a suppressed address (case-insensitive). */
export const suppressionPk = (email: string): string => `${SUPPRESSION_PARTITION}${email.trim().toLowerCase()}`;
/** Key of a customer's own opt-out: outside their partition, so it outlives an erasure of their data. */
export const customerSuppressionKey = (customerId: string) => ({ pk: `${SUPPRESSION_PARTITION}${customerId}`, sk: 'CUSTOMER' });
/** Seconds since the epoch `days` after `iso`: the TTL of finished records. */
export const expiresAfter = (iso: string, days: number): number => Math.floor(Date.parse(iso) / 1000) + days * 86_400;
/** Key of the current at-risk model (one item, replaced by each fit). */
export const RISK_MODEL_KEY = { pk: 'MODEL#risk', sk: 'CURRENT' } as const;
/** Partition key of everything a seller is told: flags, returns and digests. */
export const sellerPk = (sellerId: string): string => `SELLER#${sellerId}`;
/** Sort key of a flag under its seller, ordered by time. */
export const flagSk = (flaggedAt: string, customerId: string): string => `FLAG#${flaggedAt}#${customerId}`;
/** Sort key of a flagged customer's return under their seller, ordered by time. */
export const returnSk = (orderedAt: string, customerId: string): string => `RETURN#${orderedAt}#${customerId}`;
/** Sort key of a seller's digest for one local date. */
export const digestSk = (date: string): string => `DIGEST#${date}`;
/** A due time that never comes: profiles with no risk check due stay in the index here, so the refit can list them. */
const NEVER = '9999-12-31T00:00:00.000Z';
/** Due-index sort key of a profile: its next risk check, or parked at {@link NEVER}. */
export const riskDueSk = (customerId: string, dueAt: string | undefined): string => `${dueAt ?? NEVER}#${customerId}`;
