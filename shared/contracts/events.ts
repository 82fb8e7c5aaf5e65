import * as z from 'zod';

/** The source of every event this system emits on its bus. */
export const LOYALTY_SOURCE = 'loyalty';

/** The source of operators' events on our bus (`npm run flow`): switches, not facts about customers. */
export const OPS_SOURCE = 'loyalty.ops';

/** Detail-types of the events we consume and emit, in one place. */
export const DetailType = {
  OrderPlaced: 'Order Placed',
  OrderCancelled: 'Order Cancelled',
  FirstPurchaseDetected: 'First Purchase Detected',
  RepeatPurchaseDetected: 'Repeat Purchase Detected',
  OutreachSent: 'Outreach Sent',
  OutreachSkipped: 'Outreach Skipped',
  OutreachFailed: 'Outreach Failed',
  OutreachOutcomeUnknown: 'Outreach Outcome Unknown',
  CustomerUnsubscribed: 'Customer Unsubscribed',
  CustomerAtRisk: 'Customer At Risk',
  CustomerWonBack: 'Customer Won Back',
  SellerDigestSent: 'Seller Digest Sent',
  SellerDigestOutcomeUnknown: 'Seller Digest Outcome Unknown',
  ConversionAttributed: 'Conversion Attributed',
  CustomerErased: 'Customer Erased',
  FlowSwitched: 'Flow Switched',
  SellerActionRecorded: 'Seller Action Recorded',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

const isoDateTime = z.iso.datetime({ offset: true });
const id = z.string().trim().min(1).max(128);
const timeZone = z.string().max(64).refine(isTimeZone, { message: 'expected an IANA time zone such as Europe/Berlin' });

/** The largest order total or unit price accepted: far above any real order, far below what DynamoDB or a float sum would mangle. */
export const MAX_AMOUNT = 100_000_000;
/** The most units of one line, and lines of one order, accepted. */
export const MAX_QUANTITY = 100_000;
export const MAX_ITEMS = 1_000;
/** How far an order's own dates may lie after the event's time (clock skew, time zones) and before it (late or backfilled orders). */
export const DATE_WINDOW = { aheadDays: 1, behindDays: 3_650 } as const;

const amount = z.number().min(0).max(MAX_AMOUNT);
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO-4217 code such as EUR')
  .refine((code) => knownCurrencies.has(code), { message: 'expected a known ISO-4217 currency such as EUR' });

/**
 * Problems with the dates `fields` of `detail` that lie outside {@link DATE_WINDOW} around the event's
 * `time`, each naming its field; none when all are plausible.
 */
export function implausibleDates(detail: Record<string, unknown>, fields: readonly string[], time: string): string[] {
  const at = Date.parse(time);
  const day = 86_400_000;
  return fields.flatMap((field) => {
    const value = Date.parse(String(detail[field]));
    if (value > at + DATE_WINDOW.aheadDays * day) return [`${field}: more than ${DATE_WINDOW.aheadDays} day after the event's time ${time}`];
    if (value < at - DATE_WINDOW.behindDays * day) return [`${field}: more than ${DATE_WINDOW.behindDays} days before the event's time ${time}`];
    return [];
  });
}

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
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200).optional(),
  sellerId: id.optional(),
  timeZone: timeZone.optional(),
  locale: z.string().min(2).max(35).optional(),
  /** How the seller can call them, as the shop has it (shown on the seller's digest and customer card only). */
  phone: z.string().trim().regex(/^\+?[0-9][0-9 ().\/-]{2,30}(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$/, 'a phone number: digits, spaces and + ( ) . / -, optionally "x123"').optional(),
  /** The company they buy for, for B2B shops. */
  company: z.string().trim().min(1).max(200).optional(),
  marketingConsent: z.boolean(),
});
export type Customer = z.infer<typeof Customer>;

/** One line of an order. */
export const OrderItem = z.object({
  sku: id,
  name: z.string().trim().min(1).max(300),
  category: z.string().trim().min(1).max(100).optional(),
  quantity: z.int().min(1).max(MAX_QUANTITY),
  unitPrice: amount,
});
export type OrderItem = z.infer<typeof OrderItem>;

/** `Order Placed` detail (source: the configured order source, default `shop.orders`). */
export const OrderPlaced = z.object({
  orderId: id,
  placedAt: isoDateTime,
  customer: Customer,
  currency,
  total: amount,
  items: z.array(OrderItem).min(1).max(MAX_ITEMS),
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
  'holdout',
  /** The stage delivers only to its allow-list (`mail.deliverTo: allow-list`) and the address is not on it. */
  'not-allowed-in-stage',
  /** The seller marked the customer "not at risk" (a false alarm): their win-back is cancelled. */
  'seller-not-at-risk',
  /** The seller marked the customer lost: no win-back. */
  'seller-marked-lost',
]);
export type SkipReason = z.infer<typeof SkipReason>;

/** `Outreach Skipped`: a queued email will not be sent, and why. */
export const OutreachSkipped = StepRef.extend({ reason: SkipReason, skippedAt: isoDateTime });
export type OutreachSkipped = z.infer<typeof OutreachSkipped>;

/** `Outreach Failed`: an email could not be sent after its retries; kept with the reason. */
export const OutreachFailed = StepRef.extend({ reason: z.string(), failedAt: isoDateTime, attempts: z.int() });
export type OutreachFailed = z.infer<typeof OutreachFailed>;

/**
 * `Outreach Outcome Unknown`: a run handed the email to the mailer and stopped before recording what
 * happened. It may have gone out, so it is never sent again; kept and reported instead.
 */
export const OutreachOutcomeUnknown = StepRef.extend({ reason: z.string(), at: isoDateTime });
export type OutreachOutcomeUnknown = z.infer<typeof OutreachOutcomeUnknown>;

/** `Customer At Risk`: silent for longer than the customer's own rhythm makes likely; their seller hears first. */
export const CustomerAtRisk = z.object({
  customerId: id,
  /** The seller whose digest lists the customer (the default seller for customers without one). */
  sellerId: id,
  flaggedAt: isoDateTime,
  /** The at-risk score: P(no purchase within the model's horizon), adjusted for spend and frequency. */
  score: z.number().min(0).max(1),
  /** The recalibrated chance of no order within the model's stated horizon, as the reason states it. */
  chance: z.number().min(0).max(1).optional(),
  /** BG/NBD probability that the customer is still a customer (1 for one-time buyers, whom it cannot judge). */
  pAlive: z.number().min(0).max(1),
  /** Mean days between purchase days; absent for a one-time buyer. */
  usualIntervalDays: z.number().min(0).optional(),
  daysSilent: z.number().min(0),
  /** What the customer has spent so far. */
  value: z.number().min(0),
  /** Expected spend within the model's horizon (expected purchases × expected order value). */
  expectedValue: z.number().min(0),
  /** Value at stake: expected spend within the horizon if they stay × the score; the digest ranks by it. */
  valueAtStake: z.number().min(0).optional(),
  currency: z.string(),
  /** Which rule flagged them: the fitted model for repeat buyers, the population rule for one-time buyers. */
  rule: z.enum(['repeat-model', 'one-time-buyer']),
  /** The flag's reason in words, e.g. "silent 84 days; usually orders every ~30 days; …". */
  reason: z.string(),
  /** The last order before the silence: the win-back refers to it. */
  lastOrderId: id,
  lastOrderAt: isoDateTime,
});
export type CustomerAtRisk = z.infer<typeof CustomerAtRisk>;

/** `Customer Won Back`: a flagged customer ordered again; the flag is cleared. */
export const CustomerWonBack = z.object({
  customerId: id,
  sellerId: id,
  orderId: id,
  placedAt: isoDateTime,
  flaggedAt: isoDateTime,
  total: z.number(),
  currency: z.string(),
});
export type CustomerWonBack = z.infer<typeof CustomerWonBack>;

/** What a seller can do about a customer the digest lists. */
export const SellerAction = z.enum(['reach-out', 'send-win-back-now', 'not-at-risk', 'lost']);
export type SellerAction = z.infer<typeof SellerAction>;

/** Why a seller marked a customer lost. */
export const LostReason = z.enum(['moved', 'closed', 'unhappy', 'other']);
export type LostReason = z.infer<typeof LostReason>;

/** `Seller Action Recorded`: a seller acted on a flagged customer from their digest; once per flag and action. */
export const SellerActionRecorded = z.object({
  sellerId: id,
  customerId: id,
  action: SellerAction,
  at: isoDateTime,
  /** Only for `lost`. */
  reason: LostReason.optional(),
  /** The flag acted on. */
  flaggedAt: isoDateTime,
});
export type SellerActionRecorded = z.infer<typeof SellerActionRecorded>;

/** `Seller Digest Sent`: one seller's daily digest went out. */
export const SellerDigestSent = z.object({
  sellerId: id,
  /** The seller's local date the digest is for, `YYYY-MM-DD`. */
  date: z.iso.date(),
  /** Customers newly at risk, ranked by value. */
  customerIds: z.array(id),
  /** Previously flagged customers who ordered again. */
  cameBackIds: z.array(id),
  messageId: z.string(),
  sentAt: isoDateTime,
});
export type SellerDigestSent = z.infer<typeof SellerDigestSent>;

/** `Seller Digest Outcome Unknown`: a run handed a digest to the mailer and stopped before recording the outcome; it is never sent again. */
export const SellerDigestOutcomeUnknown = SellerDigestSent.omit({ messageId: true, sentAt: true }).extend({ reason: z.string(), at: isoDateTime });
export type SellerDigestOutcomeUnknown = z.infer<typeof SellerDigestOutcomeUnknown>;

/** `Conversion Attributed`: an order credited to the flow whose email (or held-out step) came last before it, within the flow's window. */
export const ConversionAttributed = StepRef.extend({
  orderId: id,
  placedAt: isoDateTime,
  /** The order's total: the revenue attributed to the flow. */
  revenue: z.number().min(0),
  currency: z.string(),
  /** True when the customer was held out: the order came without the email (the comparison group). */
  holdout: z.boolean(),
  /** When the email was sent, or when the held-out step was due. */
  touchedAt: isoDateTime,
});
export type ConversionAttributed = z.infer<typeof ConversionAttributed>;

/** `Customer Erased`: every stored item of the customer is gone, only hashed suppressions remain; ids and counts only, nothing personal. */
export const CustomerErased = z.object({
  customerId: id,
  erasedAt: isoDateTime,
  /** Items deleted, and seller digests the customer was taken out of. */
  itemsErased: z.int().min(0),
  digestsUpdated: z.int().min(0),
});
export type CustomerErased = z.infer<typeof CustomerErased>;

/** What ops can switch off and on at run time: each outreach flow and the seller digest. */
export const SwitchableFlow = z.enum([...OutreachFlow.options, 'digest']);
export type SwitchableFlow = z.infer<typeof SwitchableFlow>;

/**
 * `Flow Switched` (source {@link OPS_SOURCE}): an operator paused or resumed a flow. `at` orders
 * switches: one older than the switch recorded for its flow changes nothing (out-of-order delivery).
 */
export const FlowSwitched = z.object({
  flow: SwitchableFlow,
  paused: z.boolean(),
  at: isoDateTime,
});
export type FlowSwitched = z.infer<typeof FlowSwitched>;

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
