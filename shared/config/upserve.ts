import * as z from 'zod';
import { Schedule } from './schedule';

/** A product page address with a `{sku}` placeholder, e.g. `https://shop.example.com/p/{sku}`. */
const ProductUrl = z
  .string()
  .refine((s) => s.includes('{sku}'), 'expected a URL containing "{sku}"')
  .refine((s) => URL.canParse(s.replace('{sku}', 'sku')), 'expected a URL such as https://shop.example.com/p/{sku}');

/** Up-serve settings: when suggestions go out and how the bought-together model is built. */
export const UpserveConfig = z.object({
  enabled: z.boolean().default(true).describe('off: no suggestions are queued'),
  delayDays: z.number().min(0).max(365).default(5).describe('days after an order that its suggestions are due (the frequency cap keeps them apart from second-sale mail)'),
  modelSchedule: Schedule.default({ cron: '30 2 * * *', timeZone: 'UTC', enabled: true }).describe('the nightly bought-together model job'),
  productUrl: ProductUrl.optional().describe("where a suggested product or a reorder button links to, with `{sku}`; the shop's home page when absent"),
  minSupport: z
    .int()
    .min(3)
    .default(20)
    .describe('two products count as bought together only when at least this many customer-quarter baskets hold both (about 0.5% of the baskets; docs/upserve.md)'),
  settleHours: z
    .number()
    .min(0)
    .max(48)
    .default(2)
    .describe('hours after a day ends (UTC) before its orders join the model, so late purchase events still count'),
});
export type UpserveConfig = z.infer<typeof UpserveConfig>;
