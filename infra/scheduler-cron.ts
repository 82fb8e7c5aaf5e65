/**
 * Converts a 5-field cron (Sunday = 0) into EventBridge Scheduler's 6-field form, where one of
 * day-of-month and day-of-week must be "?", days of week count from Sunday = 1, and a year field follows.
 */
export function toSchedulerCron(cron: string): string {
  const [minute, hour, dayOfMonth, month, dayOfWeek] = cron.trim().split(/\s+/);
  if (dayOfWeek === '*') return `cron(${minute} ${hour} ${dayOfMonth} ${month} ? *)`;
  const awsDayOfWeek = dayOfWeek!.replace(/\d+/g, (d) => String((Number(d) % 7) + 1));
  return `cron(${minute} ${hour} ? ${month} ${awsDayOfWeek} *)`;
}
