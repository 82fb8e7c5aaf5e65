import { z } from 'zod';
import { Schedule } from './schedule';

/** At-risk settings: model fitting, daily scoring, the seller digest and the win-back that follows. */
export const RiskConfig = z.object({
  enabled: z.boolean().default(true),
  /** Weekly BG/NBD fit. */
  modelSchedule: Schedule.default({ cron: '0 3 * * 0', timeZone: 'UTC', enabled: true }),
  /** Daily scoring of the customers due today. */
  scorerSchedule: Schedule.default({ cron: '0 4 * * *', timeZone: 'UTC', enabled: true }),
  /** Days the seller has to reach out before the win-back email is due. */
  winBackGraceDays: z.number().min(0).max(60).default(3),
});
export type RiskConfig = z.infer<typeof RiskConfig>;
