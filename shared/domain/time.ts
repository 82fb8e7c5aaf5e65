/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** Days between two ISO instants (b − a), fractional. */
export const daysBetween = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / DAY_MS;

/** The ISO instant `days` after `iso`. */
export const addDays = (iso: string, days: number): string => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

/** The ISO instant `minutes` after `iso`. */
export const addMinutes = (iso: string, minutes: number): string => addDays(iso, minutes / (24 * 60));

/** Normalises any ISO-8601 instant (with offset) to UTC `...Z` so stored keys sort by time. */
export const toUtc = (iso: string): string => new Date(iso).toISOString();
