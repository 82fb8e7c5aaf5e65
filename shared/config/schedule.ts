import { z } from 'zod';
import { isTimeZone } from '../contracts/events';

/**
 * A schedule as ops write it: a 5-field cron (minute hour day-of-month month day-of-week)
 * evaluated in `timeZone`. Both EventBridge Scheduler and the local virtual clock read it.
 */
export const Schedule = z.object({
  cron: z
    .string()
    .regex(/^\S+ \S+ \S+ \S+ \S+$/, 'expected 5 cron fields: minute hour day-of-month month day-of-week'),
  timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin').default('UTC'),
  enabled: z.boolean().default(true),
});
export type Schedule = z.infer<typeof Schedule>;
