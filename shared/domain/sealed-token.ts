import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';

/**
 * The link secret: one key (its id is {@link SINGLE_KEY_ID}), or a key ring
 * `{"current":"<id>","keys":{"<id>":"<secret>",…}}` while a new key takes over from an old one.
 */
export type TokenSecret = string;

/** The id a secret that is a single key goes by in tokens (and in a key ring that replaces it). */
export const SINGLE_KEY_ID = 'k0';

/** What a kind of token is for: its version tag (the token's first part) and the purpose its keys are derived for. */
export interface TokenKind {
  version: string;
  purpose: string;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** One key of a ring: the secret as given, and per purpose the derived AES key and IV key. */
export interface RingKey {
  secret: string;
  derived: Map<string, { aes: Buffer; iv: Buffer }>;
}

interface KeyRing {
  current: string;
  keys: Map<string, RingKey>;
}

export const b64 = (data: Buffer | string): string => Buffer.from(data).toString('base64url');
const derive = (secret: string, info: string): Buffer => Buffer.from(hkdfSync('sha256', secret, '', info, 32));
const rings = new Map<string, KeyRing>();

/** The key ring a secret stands for (parsed once per secret); throws on a malformed ring, naming what is wrong. */
export function ringOf(secret: TokenSecret): KeyRing {
  let ring = rings.get(secret);
  if (ring) return ring;
  const given = parseRing(secret);
  ring = { current: given.current, keys: new Map(Object.entries(given.keys).map(([id, key]) => [id, { secret: key, derived: new Map() }])) };
  if (rings.size < 16) rings.set(secret, ring);
  return ring;
}

function parseRing(secret: string): { current: string; keys: Record<string, string> } {
  if (!secret.trimStart().startsWith('{')) return { current: SINGLE_KEY_ID, keys: { [SINGLE_KEY_ID]: secret } };
  const ring = jsonOf(secret);
  const keys = ring.keys && typeof ring.keys === 'object' ? (ring.keys as Record<string, unknown>) : {};
  for (const [id, key] of Object.entries(keys)) {
    if (!KEY_ID.test(id)) throw new Error(`unsubscribe key ring: key id "${id}" must be 1–32 letters, digits, "_" or "-"`);
    if (typeof key !== 'string' || key.length < 16) throw new Error(`unsubscribe key ring: keys.${id} must be a string of at least 16 characters`);
  }
  // Own keys only: "toString" or "__proto__" must not pass for a key of the ring.
  if (typeof ring.current !== 'string' || !Object.hasOwn(keys, ring.current)) throw new Error('unsubscribe key ring: "current" must name one of "keys"');
  return { current: ring.current, keys: keys as Record<string, string> };
}

function jsonOf(secret: string): { current?: unknown; keys?: unknown } {
  try {
    return JSON.parse(secret) as { current?: unknown; keys?: unknown };
  } catch (cause) {
    throw new Error(`unsubscribe key ring: not JSON (${(cause as Error).message})`, { cause });
  }
}

/** A key's AES and IV keys for one purpose: a token of one kind never opens as another. */
function keysFor(key: RingKey, purpose: string): { aes: Buffer; iv: Buffer } {
  let derived = key.derived.get(purpose);
  if (!derived) {
    derived = { aes: derive(key.secret, `${purpose}/aes`), iv: derive(key.secret, `${purpose}/iv`) };
    key.derived.set(purpose, derived);
  }
  return derived;
}

/**
 * `<version>.<key id>.<iv ‖ ciphertext ‖ tag>`: the claims encrypted and authenticated with AES-256-GCM
 * under the ring's current key. Nothing is readable in the link; the same claims and key always give
 * the same token (the IV is derived from both).
 */
export function sealToken(kind: TokenKind, claims: object, secret: TokenSecret): string {
  const ring = ringOf(secret);
  const { aes, iv: ivKey } = keysFor(ring.keys.get(ring.current)!, kind.purpose);
  const plain = Buffer.from(JSON.stringify(claims));
  const iv = createHmac('sha256', ivKey).update(plain).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', aes, iv);
  cipher.setAAD(Buffer.from(`${kind.version}.${ring.current}`));
  const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return `${kind.version}.${ring.current}.${b64(sealed)}`;
}

/** The claims of a genuine token of this kind under any key of the ring; undefined for a forged, altered, malformed or retired one. */
export function openToken(kind: TokenKind, token: string, secret: TokenSecret): Record<string, unknown> | undefined {
  const ring = ringOf(secret);
  const parts = token.split('.');
  const [version, keyId, data] = parts;
  const key = keyId === undefined ? undefined : ring.keys.get(keyId);
  if (parts.length !== 3 || version !== kind.version || !key || !/^[\w-]+$/.test(data!)) return undefined;
  const sealed = Buffer.from(data!, 'base64url');
  // Re-encoding must give the text back: otherwise stray characters or unused low bits were altered.
  if (sealed.length < IV_BYTES + TAG_BYTES + 2 || b64(sealed) !== data) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keysFor(key, kind.purpose).aes, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`${kind.version}.${keyId}`));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return jsonObject(Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]));
  } catch {
    return undefined;
  }
}

/** The JSON object in a decoded payload; undefined for anything else. */
export function jsonObject(plain: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(plain.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
