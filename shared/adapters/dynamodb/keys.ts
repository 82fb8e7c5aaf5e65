/** Partition key of everything about one customer. */
export const customerPk = (customerId: string): string => `CUSTOMER#${customerId}`;
/** Sort key of a customer's profile item. */
export const PROFILE_SK = 'PROFILE';
/** Sort key of one of a customer's orders. */
export const orderSk = (orderId: string): string => `ORDER#${orderId}`;
