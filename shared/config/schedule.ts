import { CronExpressionParser } from 'cron-parser';
import * as z from 'zod';
import { isTimeZone } from '../contracts/events';

const CRON_FIELDS = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'] as const;

/** cron-parser's reason for refusing a cron, or undefined when it reads it. */
function parserProblem(cron: string): string | undefined {
  try {
    CronExpressionParser.parse(cron, { strict: false });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * What keeps a cron from being a 5-field cron that both cron-parser and EventBridge Scheduler can
 * express, said as what was expected and naming the field at fault; undefined when there is nothing.
 */
export function cronProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return `expected 5 cron fields "minute hour day-of-month month day-of-week", got ${fields.length}`;
  if (fields[2] !== '*' && fields[4] !== '*') return 'expected day-of-month or day-of-week to be "*": EventBridge Scheduler takes only one of them';
  for (const [i, name] of CRON_FIELDS.entries()) {
    // Each field alone, the others "*": the first one refused is the one at fault.
    const problem = parserProblem(CRON_FIELDS.map((_, j) => (j === i ? fields[i] : '*')).join(' '));
    if (problem) return `expected a valid ${name} field, got "${fields[i]}" (${problem})`;
  }
  return parserProblem(cron);
}

/**
 * A schedule as ops write it: a 5-field cron (minute hour day-of-month month day-of-week, Sunday = 0)
 * evaluated in `timeZone`. EventBridge Scheduler and the local virtual clock both read it.
 */
export const Schedule = z.object({
  cron: z
    .string()
    .superRefine((cron, context) => {
      const problem = cronProblem(cron);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .describe('5-field cron: minute hour day-of-month month day-of-week (Sunday = 0), one of the day fields `*`'),
  timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin').default('UTC').describe('the IANA time zone the cron is read in'),
  enabled: z.boolean().default(true).describe('off: the schedule is created disabled'),
});
export type Schedule = z.infer<typeof Schedule>;

/** A local wall-clock time `HH:MM` (24-hour). */
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time HH:MM');

/** A daily cron at a local wall-clock time `HH:MM`. */
export const dailyCronAt = (time: string): string => `${Number(time.slice(3, 5))} ${Number(time.slice(0, 2))} * * *`;

/** The schedule's fire times in (from, to], as UTC ISO strings. */
export function fireTimes(schedule: Schedule, from: string, to: string): string[] {
  const times = CronExpressionParser.parse(schedule.cron, { currentDate: from, endDate: to, tz: schedule.timeZone });
  const out: string[] = [];
  while (times.hasNext()) out.push(times.next().toISOString()!);
  return out;
}

/** The schedule's next `count` fire times after `from`, as UTC ISO strings. */
export function nextFireTimes(schedule: Schedule, from: string, count: number): string[] {
  const times = CronExpressionParser.parse(schedule.cron, { currentDate: from, tz: schedule.timeZone });
  return times.take(count).map((t) => t.toISOString()!);
}
