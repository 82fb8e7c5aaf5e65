const formatters = new Map<string, Intl.DateTimeFormat>();

const formatter = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
};

/** Wall-clock fields of an instant in a time zone. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock date and time of `iso` in `timeZone`. */
export function localParts(iso: string, timeZone: string): LocalParts {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(iso)).map((p) => [p.type, Number(p.value)]));
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/** Minutes since local midnight of `iso` in `timeZone`. */
export const localMinutes = (iso: string, timeZone: string): number => {
  const { hour, minute } = localParts(iso, timeZone);
  return hour * 60 + minute;
};

/** `YYYY-MM-DD` of `iso` in `timeZone`. */
export const localDate = (iso: string, timeZone: string): string => {
  const { year, month, day } = localParts(iso, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

/** The UTC instant at which the wall clock in `timeZone` shows `minutes` after midnight on the local day of `iso` plus `dayOffset`. */
export function instantAtLocal(iso: string, timeZone: string, minutes: number, dayOffset = 0): string {
  const { year, month, day } = localParts(iso, timeZone);
  const wallAsUtc = Date.UTC(year, month - 1, day + dayOffset, 0, minutes);
  // Two passes settle the zone offset, also across a daylight-saving change.
  const first = wallAsUtc - offsetMs(wallAsUtc, timeZone);
  const second = wallAsUtc - offsetMs(first, timeZone);
  // A wall time skipped when clocks go forward never shows; then the passes disagree and the later
  // one is that time read with the offset before the change (02:30 becomes 03:30), past the gap.
  const shows = second + offsetMs(second, timeZone) === wallAsUtc;
  return new Date(shows ? second : Math.max(first, second)).toISOString();
}

/** Minutes from `HH:MM`. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function offsetMs(instant: number, timeZone: string): number {
  const p = localParts(new Date(instant).toISOString(), timeZone);
  const seconds = new Date(instant).getUTCSeconds();
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, seconds) - (instant - (instant % 1000));
}
