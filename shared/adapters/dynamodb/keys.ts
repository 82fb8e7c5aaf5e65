/** Partition key of everything about one customer. */
export const customerPk = (customerId: string): string => `CUSTOMER#${customerId}`;
/** Sort key of a customer's profile item. */
export const PROFILE_SK = 'PROFILE';
/** Sort key of one of a customer's orders. */
export const orderSk = (orderId: string): string => `ORDER#${orderId}`;
/** Sort key of a customer's recent-sends log (frequency cap). */
export const CONTACTS_SK = 'CONTACTS';
/** Partition key of a suppressed address (case-insensitive). */
export const suppressionPk = (email: string): string => `SUPPRESSION#${email.trim().toLowerCase()}`;
/** Seconds since the epoch `days` after `iso`: the TTL of finished records. */
export const expiresAfter = (iso: string, days: number): number => Math.floor(Date.parse(iso) / 1000) + days * 86_400;
