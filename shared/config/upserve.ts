import { z } from 'zod';
import { Schedule } from './schedule';

/** Up-serve settings: when suggestions go out and how the bought-together model is built. */
export const UpserveConfig = z.object({
  enabled: z.boolean().default(true),
  /** Days after an order that its suggestions are due (the frequency cap keeps them apart from second-sale mail). */
  delayDays: z.number().min(0).max(365).default(5),
  /** Nightly bought-together model job. */
  modelSchedule: Schedule.default({ cron: '30 2 * * *', timeZone: 'UTC', enabled: true }),
});
export type UpserveConfig = z.infer<typeof UpserveConfig>;
