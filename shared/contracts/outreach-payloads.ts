import * as z from 'zod';

/** The order an email refers to, as it was placed. */
export const OrderSnapshot = z.object({
  orderId: z.string(),
  placedAt: z.string(),
  items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.int().min(1) })).min(1),
  total: z.number(),
  currency: z.string(),
});
export type OrderSnapshot = z.infer<typeof OrderSnapshot>;

/** A suggestion as its email shows it, with the sentence that says why; `key` is what makes "never twice" hold. */
export const SuggestionPayload = z.object({
  key: z.string(),
  title: z.string(),
  reason: z.string(),
  /** A care tip's or guide's text. */
  body: z.string().optional(),
  /** A guide to read or a product page to look at. */
  link: z.object({ url: z.url(), label: z.string() }).optional(),
});
export type SuggestionPayload = z.infer<typeof SuggestionPayload>;

/** A restock reminder: the consumable, when it was bought and how long it usually lasts. */
export const ReplenishPayload = z.object({
  item: z.object({ sku: z.string(), name: z.string(), reorderUrl: z.url() }),
  purchasedAt: z.string(),
  lastsAboutDays: z.number().positive(),
});
export type ReplenishPayload = z.infer<typeof ReplenishPayload>;

/**
 * What each kind of queued email carries besides the customer's profile, when it is rendered.
 * An up-serve suggestions step is queued with its `order` only; its suggestions are chosen when it is sent.
 */
export const OutreachPayloads = {
  'second-sale/thank-you': z.object({ order: OrderSnapshot }),
  'second-sale/second-order': z.object({ order: OrderSnapshot }),
  'upserve/suggestions': z.object({ order: OrderSnapshot, suggestions: z.array(SuggestionPayload).min(1).max(3) }),
  'upserve/replenish': ReplenishPayload,
  'win-back': z.object({ lastOrder: OrderSnapshot }),
} as const;
/** Email kinds that go through the outreach queue. */
export type OutreachKind = keyof typeof OutreachPayloads;
