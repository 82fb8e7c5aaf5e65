/**
 * One id made of several, readable and injective: each part has `%` and `#` percent-escaped, so the
 * `#` between parts is never part of a part. `(a#b, c)` and `(a, b#c)` stay two ids, and a prefix of
 * whole parts matches only ids that start with exactly those parts. Ids free of `%` and `#` keep their
 * plain `a#b#c` form, so stored keys of such ids need no migration.
 */
export const joinIds = (...parts: readonly string[]): string => parts.map(escapePart).join('#');

const escapePart = (part: string): string => part.replace(/[%#]/g, (c) => (c === '%' ? '%25' : '%23'));
