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
  OutreachFailed: 'Outreach Failed',
  CustomerUnsubscribed: 'Customer Unsubscribed',
  CustomerAtRisk: 'Customer At Risk',
  CustomerWonBack: 'Customer Won Back',
  SellerDigestSent: 'Seller Digest Sent',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

const isoDateTime = z.iso.datetime({ offset: true });
const id = z.string().trim().min(1).max(128);
const timeZone = z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Berlin' });

const knownTimeZones = new Map<string, boolean>();

/** True when the runtime knows `tz` as an IANA time zone (answers are cached: building a formatter is slow). */
export function isTimeZone(tz: string): boolean {
  let known = knownTimeZones.get(tz);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      known = true;
    } catch {
      known = false;
    }
    if (knownTimeZones.size < 1000) knownTimeZones.set(tz, known);
  }
  return known;
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

/** Loyalty flows that send marketing email through the outreach queue. */
export const OutreachFlow = z.enum(['second-sale', 'upserve', 'win-back']);
export type OutreachFlow = z.infer<typeof OutreachFlow>;

/** Identifies one queued email: `flow`, the sequence it belongs to (e.g. the first order id) and its step. */
export const StepRef = z.object({
  customerId: id,
  sellerId: id.optional(),
  flow: OutreachFlow,
  /** Email kind, e.g. `second-sale/thank-you`; the template it is rendered with. */
  kind: z.string(),
  sequenceId: id,
  stepId: z.string(),
});
export type StepRef = z.infer<typeof StepRef>;

/** `Outreach Sent`: one marketing email went out. */
export const OutreachSent = StepRef.extend({ messageId: z.string(), sentAt: isoDateTime });
export type OutreachSent = z.infer<typeof OutreachSent>;

/** Why a queued email was not sent (it is never sent later). */
export const SkipReason = z.enum([
  'ordered-again',
  'first-order-cancelled',
  'no-consent',
  'unsubscribed',
  'suppressed',
  'unknown-customer',
  'disabled',
  'nothing-to-suggest',
  'order-cancelled',
]);
export type SkipReason = z.infer<typeof SkipReason>;

/** `Outreach Skipped`: a queued email will not be sent, and why. */
export const OutreachSkipped = StepRef.extend({ reason: SkipReason, skippedAt: isoDateTime });
export type OutreachSkipped = z.infer<typeof OutreachSkipped>;

/** `Outreach Failed`: an email could not be sent after its retries; kept with the reason. */
export const OutreachFailed = StepRef.extend({ reason: z.string(), failedAt: isoDateTime, attempts: z.int() });
export type OutreachFailed = z.infer<typeof OutreachFailed>;

/** SES feedback published to EventBridge by the configuration set (`source` `aws.ses`). */
export const SesFeedback = z.object({
  eventType: z.enum(['Bounce', 'Complaint']),
  mail: z.object({
    messageId: z.string(),
    timestamp: isoDateTime.optional(),
    tags: z.record(z.string(), z.array(z.string())).optional(),
  }),
  bounce: z
    .object({
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.email() })).min(1),
      timestamp: isoDateTime,
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(z.object({ emailAddress: z.email() })).min(1),
      timestamp: isoDateTime,
      complaintFeedbackType: z.string().optional(),
    })
    .optional(),
});
export type SesFeedback = z.infer<typeof SesFeedback>;

/** SES detail-types for bounce and complaint feedback. */
export const SesDetailType = { Bounce: 'Email Bounced', Complaint: 'Email Complaint Received' } as const;
