import path from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../shared/config/config-file';
import { formatProblem } from '../shared/config/located';
import { checkConfigFile, type ScheduleFirings } from './lib/config-check';

/** `npm run config:check [FILE]`: exit 1 on errors, 0 when valid (with or without warnings). */
function main(): void {
  const file = path.relative(process.cwd(), path.resolve(process.argv[2] ?? DEFAULT_CONFIG_FILE));
  const { errors, warnings, schedules } = checkConfigFile(file, new Date().toISOString());
  if (errors.length) {
    console.error(`${file}: ${errors.length} error(s)`);
    for (const e of errors) console.error(`  ✗ ${formatProblem(e)}`);
    process.exitCode = 1;
    return;
  }
  console.log(`${file} is valid.\n\nSchedules (next 5 firings, local time in the schedule's zone → UTC):`);
  for (const s of schedules) printSchedule(s);
  if (warnings.length) console.log(`\n${warnings.length} warning(s):`);
  for (const w of warnings) console.log(`  ! ${w.path} (${file} line ${w.line}, column ${w.column}): ${w.message}`);
}

function printSchedule({ name, functionId, schedule, next }: ScheduleFirings): void {
  console.log(`\n  ${name} → ${functionId}: "${schedule.cron}" in ${schedule.timeZone}${schedule.enabled ? '' : ' (disabled)'}`);
  for (const time of next) console.log(`    ${localTime(time, schedule.timeZone)}  →  ${time.slice(0, 16).replace('T', ' ')} UTC`);
}

/** `2026-12-03 Thu 08:00 (GMT+1)` */
const localTime = (iso: string, timeZone: string): string => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZoneName: 'shortOffset' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.weekday} ${parts.hour}:${parts.minute} (${parts.timeZoneName})`;
};

main();
