import { minutesOf } from '../domain/local-time';
import { fireTimes, type Schedule } from './schedule';
import type { LoyaltyConfig } from './schema';

/** A likely mistake in a valid config: the field it is about and why it looks wrong. */
export interface ConfigWarning {
  path: string;
  message: string;
}

/** A schedule as the functions get it: its name, cron and zone, and what it passes (a digest its time zone). */
export interface NamedSchedule {
  name: string;
  schedule: Schedule;
  input?: Record<string, unknown>;
}

/** Quiet hours this long leave too little of the day for any email. */
const MAX_QUIET_MINUTES = 20 * 60;
/** An email held longer than this by the frequency cap has lost its moment. */
const MAX_CAP_HOLD_DAYS = 30;
/** A seller hears about a flag in the next daily digest: the grace period must cover one cycle. */
const DIGEST_CYCLE_DAYS = 1;
const DAY_MS = 86_400_000;

/** Every likely mistake of a valid config; `schedules` are the schedules the stack would create from it. */
export function configWarnings(config: LoyaltyConfig, schedules: readonly NamedSchedule[], from: string): ConfigWarning[] {
  return [
    ...quietHoursWarnings(config),
    ...frequencyCapWarnings(config),
    ...dispatcherWarnings(config, from),
    ...secondSaleOrderWarnings(config),
    ...winBackWarnings(config),
    ...digestCoverageWarnings(config, schedules),
  ];
}

function quietHoursWarnings({ respect: { quietHours } }: LoyaltyConfig): ConfigWarning[] {
  const minutes = (minutesOf(quietHours.end) - minutesOf(quietHours.start) + 1440) % 1440;
  if (minutes < MAX_QUIET_MINUTES) return [];
  const open = ((1440 - minutes) / 60).toFixed(1);
  return [{ path: 'respect.quietHours', message: `${quietHours.start}–${quietHours.end} is quiet for ${(minutes / 60).toFixed(1)} h of the day: emails can only go out in ${open} h` }];
}

function frequencyCapWarnings(config: LoyaltyConfig): ConfigWarning[] {
  const { maxEmails, perDays } = config.respect.frequencyCap;
  const warnings: ConfigWarning[] = [];
  if (perDays > MAX_CAP_HOLD_DAYS) {
    warnings.push({ path: 'respect.frequencyCap.perDays', message: `${maxEmails} email(s) in ${perDays} days can hold an email ${perDays} days, longer than ${MAX_CAP_HOLD_DAYS} days after which it has lost its moment` });
  }
  const steps = enabledSecondSaleSteps(config).sort((a, b) => a.delayDays - b.delayDays);
  steps.slice(1).forEach((step, i) => {
    const gap = step.delayDays - steps[i]!.delayDays;
    if (maxEmails === 1 && perDays > gap) {
      warnings.push({
        path: 'respect.frequencyCap',
        message: `1 email in ${perDays} days holds second-sale step ${step.id} behind ${steps[i]!.id}, only ${gap} day(s) before it: it goes out ${perDays - gap} day(s) late`,
      });
    }
  });
  return warnings;
}

function dispatcherWarnings(config: LoyaltyConfig, from: string): ConfigWarning[] {
  const interval = longestGapDays(config.schedules.outreachDispatcher, from);
  const delays = [
    ...enabledSecondSaleSteps(config).map((s) => ({ field: `secondSale.steps (${s.id})`, days: s.delayDays })),
    ...(config.upserve.enabled ? [{ field: 'upserve.delayDays', days: config.upserve.delayDays }] : []),
    ...(config.risk.enabled ? [{ field: 'risk.winBackGraceDays', days: config.risk.winBackGraceDays }] : []),
  ].filter((d) => d.days > 0);
  const shortest = delays.sort((a, b) => a.days - b.days)[0];
  if (interval === undefined || !shortest || interval <= shortest.days) return [];
  return [
    {
      path: 'schedules.outreachDispatcher.cron',
      message: `the dispatcher runs up to ${formatDays(interval)} apart, longer than the shortest delay (${shortest.field}: ${formatDays(shortest.days)}): emails go out late`,
    },
  ];
}

function secondSaleOrderWarnings(config: LoyaltyConfig): ConfigWarning[] {
  const byId = new Map(config.secondSale.steps.map((s, i) => [s.id, { ...s, i }]));
  const thankYou = byId.get('thank-you');
  const secondOrder = byId.get('second-order');
  if (!thankYou || !secondOrder || secondOrder.delayDays >= thankYou.delayDays) return [];
  return [
    {
      path: `secondSale.steps.${secondOrder.i}.delayDays`,
      message: `the second-order invitation (${secondOrder.delayDays} days) comes before the thank-you (${thankYou.delayDays} days)`,
    },
  ];
}

function winBackWarnings({ risk }: LoyaltyConfig): ConfigWarning[] {
  if (!risk.enabled || risk.winBackGraceDays >= DIGEST_CYCLE_DAYS) return [];
  return [
    {
      path: 'risk.winBackGraceDays',
      message: `${risk.winBackGraceDays} days is shorter than one digest cycle (${DIGEST_CYCLE_DAYS} day): the win-back email can go out before the seller hears of the customer`,
    },
  ];
}

function digestCoverageWarnings(config: LoyaltyConfig, schedules: readonly NamedSchedule[]): ConfigWarning[] {
  if (!config.risk.enabled) return [];
  const covered = new Set(schedules.filter((s) => s.schedule.enabled).map((s) => s.input?.timeZone));
  return config.sellers.directory.flatMap((seller, i) =>
    covered.has(seller.timeZone)
      ? []
      : [{ path: `sellers.directory.${i}.timeZone`, message: `no enabled digest schedule covers ${seller.timeZone}: seller ${seller.id} gets no digest` }],
  );
}

const enabledSecondSaleSteps = (config: LoyaltyConfig) => (config.secondSale.enabled ? config.secondSale.steps.filter((s) => s.enabled) : []);

/** The longest gap between two firings in the four weeks after `from`, in days; undefined for a disabled schedule. */
function longestGapDays(schedule: Schedule, from: string): number | undefined {
  if (!schedule.enabled) return undefined;
  const times = fireTimes(schedule, from, new Date(Date.parse(from) + 28 * DAY_MS).toISOString()).map(Date.parse);
  if (times.length < 2) return 28;
  return Math.max(...times.slice(1).map((t, i) => t - times[i]!)) / DAY_MS;
}

const formatDays = (days: number): string => (days < 1 ? `${Math.round(days * 24 * 60)} minutes` : `${Number(days.toFixed(2))} days`);
