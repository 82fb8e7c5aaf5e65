import { createHmac } from 'node:crypto';

/** An address as suppressions compare it: case and surrounding spaces never make a second address. */
export const normalAddress = (email: string): string => email.trim().toLowerCase();

/**
 * The keyed hash an erasure leaves in place of a customer id or an address: HMAC-SHA256 under the
 * suppression pepper, so the mail path can still ask "is this one suppressed?" while the table alone
 * (a backup, an export) reveals no address, not even one guessed and hashed by whoever holds it.
 * The kind is part of the input, so an id that looks like an address never meets its hash.
 */
export const suppressionHash = (pepper: string, kind: 'customer' | 'address', value: string): string =>
  createHmac('sha256', pepper)
    .update(`${kind}\n${kind === 'address' ? normalAddress(value) : value}`)
    .digest('base64url');
