import type { Money, PurchasedItem, ReaderLocale } from './types';

const FALLBACK_LOCALE = 'en';
const FALLBACK_TIME_ZONE = 'UTC';

/** The first name from a full name ("Ana María López" → "Ana", "López, Ana" → "Ana"); undefined when blank. */
export function firstName(fullName: string | undefined): string | undefined {
  const trimmed = fullName?.trim();
  if (!trimmed) return undefined;
  // "Family, Given" is how some shops export names; the given name follows the comma.
  const given = trimmed.includes(',') ? trimmed.slice(trimmed.indexOf(',') + 1).trim() : trimmed;
  return given.split(/\s+/)[0] || trimmed.split(/[\s,]+/)[0];
}

/** A locale Intl accepts: the reader's own when valid, English otherwise. */
export function safeLocale(locale: string | undefined): string {
  if (!locale) return FALLBACK_LOCALE;
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? FALLBACK_LOCALE;
  } catch {
    // A malformed tag from a shop must not stop the mail; English is the neutral choice.
    return FALLBACK_LOCALE;
  }
}

/** A time zone Intl accepts: the reader's own when valid, UTC otherwise. */
export function safeTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return FALLBACK_TIME_ZONE;
  try {
    new Intl.DateTimeFormat(FALLBACK_LOCALE, { timeZone });
    return timeZone;
  } catch {
    return FALLBACK_TIME_ZONE;
  }
}

/** An amount with its currency in the reader's locale ("€1,234.50", "1.234,50 €"). */
export function formatMoney(money: Money, reader: ReaderLocale = {}): string {
  return new Intl.NumberFormat(safeLocale(reader.locale), { style: 'currency', currency: money.currency }).format(
    money.amount,
  );
}

/** A calendar date in the reader's locale and time zone ("3 March 2026", "March 3, 2026"). */
export function formatDate(iso: string, reader: ReaderLocale = {}): string {
  return new Intl.DateTimeFormat(safeLocale(reader.locale), {
    dateStyle: 'long',
    timeZone: safeTimeZone(reader.timeZone),
  }).format(new Date(iso));
}

/** A buying rhythm in words a person would use: "every ~10 days", "every ~5 weeks", "every ~3 months". */
export function formatRhythm(days: number): string {
  if (days < 14) return `every ~${Math.max(1, Math.round(days))} days`;
  if (days < 70) return `every ~${Math.round(days / 7)} weeks`;
  return `every ~${Math.round(days / 30)} months`;
}

/** A rough duration for prose: "about 10 days", "about 6 weeks", "about 3 months". */
export function formatDuration(days: number): string {
  return formatRhythm(days).replace('every ~', 'about ');
}

/** Items as one phrase: "Moka pot", "Moka pot and 2 more items". */
export function describeItems(items: readonly PurchasedItem[]): string {
  const [first, ...rest] = items;
  if (!first) return 'your order';
  if (rest.length === 0) return first.name;
  return `${first.name} and ${rest.length} more ${rest.length === 1 ? 'item' : 'items'}`;
}

/** A line of an order for a list: "2 × Filter papers", or just the name for one. */
export function describeLine(item: PurchasedItem): string {
  return item.quantity > 1 ? `${item.quantity} × ${item.name}` : item.name;
}
