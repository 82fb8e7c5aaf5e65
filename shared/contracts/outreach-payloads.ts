import { z } from 'zod';

/** The order an email refers to, as it was placed. */
export const OrderSnapshot = z.object({
  orderId: z.string(),
  placedAt: z.string(),
  items: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.int().min(1) })).min(1),
  total: z.number(),
  currency: z.string(),
});
export type OrderSnapshot = z.infer<typeof OrderSnapshot>;

/** What each kind of queued email carries besides the customer's profile. */
export const OutreachPayloads = {
  'second-sale/thank-you': z.object({ order: OrderSnapshot }),
  'second-sale/second-order': z.object({ order: OrderSnapshot }),
  'upserve/suggestions': z.object({
    suggestions: z.array(z.object({ key: z.string(), title: z.string(), basedOn: z.string(), because: z.string(), url: z.url() })).min(1).max(3),
  }),
  'upserve/replenish': z.object({ item: z.object({ sku: z.string(), name: z.string(), reorderUrl: z.url() }), purchasedAt: z.string(), lastsAboutDays: z.number().positive() }),
  'win-back': z.object({ lastOrder: OrderSnapshot }),
} as const;
/** Email kinds that go through the outreach queue. */
export type OutreachKind = keyof typeof OutreachPayloads;
