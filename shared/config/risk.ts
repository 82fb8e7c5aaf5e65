import * as z from 'zod';
import { LocalTime, Schedule } from './schedule';

/** The daily seller digest: sent at `at` in each seller's own time zone. */
export const SellerDigestConfig = z.object({
  at: LocalTime.default('08:00'),
  /** Send a short "all quiet" note on days with nothing new (otherwise nothing is sent). */
  allQuietNote: z.boolean().default(false),
});
export type SellerDigestConfig = z.infer<typeof SellerDigestConfig>;

/** At-risk settings: model fitting, daily scoring, the seller digest and the win-back that follows. */
export const RiskConfig = z.object({
  enabled: z.boolean().default(true),
  /** Weekly BG/NBD fit. */
  modelSchedule: Schedule.default({ cron: '0 3 * * 0', timeZone: 'UTC', enabled: true }),
  /** Daily scoring of the customers due today. */
  scorerSchedule: Schedule.default({ cron: '0 4 * * *', timeZone: 'UTC', enabled: true }),
  /** Days the seller has to reach out before the win-back email is due. */
  winBackGraceDays: z.number().min(0).max(60).default(3),
  /** Nobody is at risk below this score (P(no purchase within the horizon)), whatever threshold a fit chose. */
  minScore: z.number().min(0).max(1).default(0.5),
  /** Nobody is at risk sooner than this many days after their last order. */
  minSilenceDays: z.number().min(0).max(365).default(30),
  /** The model is refitted only with at least this many repeat customers; until then the last fit (or the prior) stays. */
  minRepeatCustomers: z.int().min(10).default(100),
  sellerDigest: SellerDigestConfig.default(SellerDigestConfig.parse({})),
});
export type RiskConfig = z.infer<typeof RiskConfig>;
