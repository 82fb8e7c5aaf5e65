import * as z from 'zod';
import { Schedule } from './schedule';

const share = z.number().min(0).max(0.5);
const days = z.number().positive().max(365);

/**
 * Measurement settings: the holdout that makes uplift measurable and the windows in which an order
 * counts as a conversion of a flow's email.
 */
export const MeasureConfig = z.object({
  holdout: z
    .object({
      /** Share of the customers entering a flow who are held out (get no email of that flow). */
      share: share.default(0.1),
      /** Mixed into the hash that picks members; changing it draws new holdout groups. */
      salt: z.string().min(1).max(100).default('holdout-v1'),
      /** Per-flow shares that override `share`. */
      flows: z.object({ 'second-sale': share, upserve: share, 'win-back': share }).partial().default({}),
    })
    .default({ share: 0.1, salt: 'holdout-v1', flows: {} }),
  /** Days after an email (or a held-out step's due time) in which an order converts for its flow. */
  attributionDays: z
    .object({ 'second-sale': days.default(14), upserve: days.default(30), 'win-back': days.default(30) })
    .default({ 'second-sale': 14, upserve: 30, 'win-back': 30 }),
  /** The daily job that writes each flow's uplift from the running totals. */
  upliftSchedule: Schedule.default({ cron: '0 5 * * *', timeZone: 'UTC', enabled: true }),
});
export type MeasureConfig = z.infer<typeof MeasureConfig>;
