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
      share: share.default(0.1).describe('share of the customers entering a flow who are held out (get no email of that flow)'),
      salt: z.string().min(1).max(100).default('holdout-v1').describe('mixed into the hash that picks members; changing it draws new holdout groups'),
      flows: z
        .object({
          'second-sale': share.describe('the second sale'),
          upserve: share.describe('up-serve'),
          'win-back': share.describe('the win-back'),
        })
        .partial()
        .default({})
        .describe('per-flow shares that override `share`'),
    })
    .default({ share: 0.1, salt: 'holdout-v1', flows: {} })
    .describe('customers held out of each flow, the comparison group of uplift'),
  attributionDays: z
    .object({
      'second-sale': days.default(14).describe('the second-order invitation'),
      upserve: days.default(30).describe('up-serve suggestions'),
      'win-back': days.default(30).describe('the win-back'),
    })
    .default({ 'second-sale': 14, upserve: 30, 'win-back': 30 })
    .describe("days after an email (or a held-out step's due time) in which an order converts for its flow"),
  upliftSchedule: Schedule.default({ cron: '0 5 * * *', timeZone: 'UTC', enabled: true }).describe("the daily job that writes each flow's uplift from the running totals"),
});
export type MeasureConfig = z.infer<typeof MeasureConfig>;
