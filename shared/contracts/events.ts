import { z } from 'zod';

/** The source of every event this system emits on its bus. */
export const LOYALTY_SOURCE = 'loyalty';

/** Detail-types of the events we consume and emit, in one place. */
export const DetailType = {
  OrderPlaced: 'Order Placed',
  OrderCancelled: 'Order Cancelled',
  FirstPurchaseDetected: 'First Purchase Detected',
  RepeatPurchaseDetected: 'Repeat Purchase Detected',
  OutreachSent: 'Outreach Sent',
  OutreachSkipped: 'Outreach Skipped',
  CustomerAtRisk: 'Customer At Risk',
  CustomerWonBack: 'Customer Won Back',
  SellerDigestSent: 'Seller Digest Sent',
  EmailFeedback: 'Email Feedback',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

const isoDateTime = z.iso.datetime({ offset: true });
const id = z.string().trim().min(1).max(128);
const timeZone = z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Berlin' });

/** True when the runtime knows `tz` as an IANA time zone. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The buyer as the shop knows them at order time. */
export const Customer = z.object({
  id,
  email: z.email(),
  name: z.string().trim().min(1).max(200).optional(),
  sellerId: id.optional(),
  timeZone: timeZone.optional(),
  locale: z.string().min(2).max(35).optional(),
  marketingConsent: z.boolean(),
});
export type Customer = z.infer<typeof Customer>;

/** One line of an order. */
export const OrderItem = z.object({
  sku: id,
  name: z.string().trim().min(1).max(300),
  category: z.string().trim().min(1).max(100).optional(),
  quantity: z.int().min(1),
  unitPrice: z.number().min(0),
});
export type OrderItem = z.infer<typeof OrderItem>;

/** `Order Placed` detail (source: the configured order source, default `shop.orders`). */
export const OrderPlaced = z.object({
  orderId: id,
  placedAt: isoDateTime,
  customer: Customer,
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO-4217 code such as EUR'),
  total: z.number().min(0),
  items: z.array(OrderItem).min(1),
});
export type OrderPlaced = z.infer<typeof OrderPlaced>;

/** `Order Cancelled` detail: the order no longer counts. */
export const OrderCancelled = z.object({
  orderId: id,
  customerId: id,
  cancelledAt: isoDateTime,
});
export type OrderCancelled = z.infer<typeof OrderCancelled>;

/** `First Purchase Detected`: the customer's first (non-cancelled) order, claimed once. */
export const FirstPurchaseDetected = z.object({
  customerId: id,
  sellerId: id.optional(),
  orderId: id,
  placedAt: isoDateTime,
  total: z.number(),
  currency: z.string(),
});
export type FirstPurchaseDetected = z.infer<typeof FirstPurchaseDetected>;

/** `Repeat Purchase Detected`: `ordinal` 2 is the second sale. */
export const RepeatPurchaseDetected = FirstPurchaseDetected.extend({
  ordinal: z.int().min(2),
  /** Absent when no earlier order is known (an older order arriving late). */
  daysSincePreviousOrder: z.number().min(0).optional(),
});
export type RepeatPurchaseDetected = z.infer<typeof RepeatPurchaseDetected>;
