import * as z from 'zod';
import { Schedule } from './schedule';

/** A product page address with a `{sku}` placeholder, e.g. `https://shop.example.com/p/{sku}`. */
const ProductUrl = z
  .string()
  .refine((s) => s.includes('{sku}'), 'expected a URL containing "{sku}"')
  .refine((s) => URL.canParse(s.replace('{sku}', 'sku')), 'expected a URL such as https://shop.example.com/p/{sku}');

/** Up-serve settings: when suggestions go out and how the bought-together model is built. */
export const UpserveConfig = z.object({
  enabled: z.boolean().default(true),
  /** Days after an order that its suggestions are due (the frequency cap keeps them apart from second-sale mail). */
  delayDays: z.number().min(0).max(365).default(5),
  /** Nightly bought-together model job. */
  modelSchedule: Schedule.default({ cron: '30 2 * * *', timeZone: 'UTC', enabled: true }),
  /** Where a suggested product or a reorder button links to; the shop's home page when absent. */
  productUrl: ProductUrl.optional(),
  /**
   * Two products count as bought together only when at least this many customer-quarter baskets hold
   * both: about 0.5% of the baskets, never below 3 (docs/upserve.md, tuned with `npm run eval:upserve`).
   */
  minSupport: z.int().min(3).default(20),
  /**
   * A day's orders join the model once this many hours have passed since the day ended (UTC), so
   * purchase events that arrive a little late are still counted; later ones are left out.
   */
  settleHours: z.number().min(0).max(48).default(2),
});
export type UpserveConfig = z.infer<typeof UpserveConfig>;

/** The page a suggestion or reorder button for `sku` links to. */
export const productPageUrl = (upserve: Pick<UpserveConfig, 'productUrl'>, shopUrl: string, sku: string): string =>
  upserve.productUrl?.replace('{sku}', encodeURIComponent(sku)) ?? shopUrl;
