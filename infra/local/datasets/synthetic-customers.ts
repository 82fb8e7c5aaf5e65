import { createHash } from 'node:crypto';
import type { Customer } from '../../../shared/contracts/events';

const FIRST = ['Ana', 'Ben', 'Chloe', 'David', 'Elif', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Keiko', 'Liam', 'Mona', 'Nils', 'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Uma', 'Victor', 'Wen', 'Yara'];
const LAST = ['Adams', 'Baker', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jansen', 'Kowalski', 'Lopez', 'Moreau', 'Novak', 'Okafor', 'Perez', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin'];

/** A deterministic number in [0, 1) from a seed: the same customer always gets the same synthetic details. */
export function unitHash(seed: string): number {
  return createHash('sha1').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

/** Picks an element deterministically from a non-empty list. */
export const pick = <T>(list: readonly T[], seed: string): T => list[Math.floor(unitHash(seed) * list.length)]!;

/**
 * A synthetic customer for a data set that has only ids: a name, an address under example.com (never
 * deliverable), a time zone, one of the given sellers (one in ten has none: the default seller's), and
 * marketing consent for nine in ten.
 */
export function syntheticCustomer(id: string, sellerIds: readonly string[]): Customer {
  const first = pick(FIRST, `first:${id}`);
  const last = pick(LAST, `last:${id}`);
  return {
    id,
    email: `${first}.${last}.${id}@example.com`.toLowerCase(),
    name: `${first} ${last}`,
    sellerId: unitHash(`seller?:${id}`) < 0.1 ? undefined : pick(sellerIds, `seller:${id}`),
    timeZone: pick(ZONES, `tz:${id}`),
    locale: 'en-US',
    marketingConsent: unitHash(`consent:${id}`) < 0.9,
  };
}
