import { createCipheriv, createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** Who an unsubscribe link is for. */
export interface UnsubscribeSubject {
  customerId: string;
  email: string;
}

/**
 * The unsubscribe secret: one key (its id is {@link SINGLE_KEY_ID}), or a key ring
 * `{"current":"<id>","keys":{"<id>":"<secret>",…}}` while a new key takes over from an old one.
 */
export type TokenSecret = string;

/** The id a secret that is a single key goes by in tokens (and in a key ring that replaces it). */
export const SINGLE_KEY_ID = 'k0';

/** Tokens start with this version tag; the older signed form (`<payload>.<mac>`) has two parts. */
const VERSION = 'u1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface KeyRing {
  current: string;
  /** id → the secret as given (the older signed tokens are checked with it) and the derived AES key. */
  keys: Map<string, { secret: string; aes: Buffer; iv: Buffer }>;
}

const b64 = (data: Buffer | string): string => Buffer.from(data).toString('base64url');
const derive = (secret: string, info: string): Buffer => Buffer.from(hkdfSync('sha256', secret, '', info, 32));
const rings = new Map<string, KeyRing>();

/** The key ring a secret stands for (parsed once per secret); throws on a malformed ring, naming what is wrong. */
function ringOf(secret: TokenSecret): KeyRing {
  let ring = rings.get(secret);
  if (ring) return ring;
  const given = parseRing(secret);
  const keys = new Map(
    Object.entries(given.keys).map(([id, key]) => [id, { secret: key, aes: derive(key, 'unsubscribe-token/aes'), iv: derive(key, 'unsubscribe-token/iv') }]),
  );
  ring = { current: given.current, keys };
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

/**
 * A token for an unsubscribe link: `u1.<key id>.<iv ‖ ciphertext ‖ tag>`, the subject encrypted and
 * authenticated with AES-256-GCM under the ring's current key. Nothing personal is readable in the
 * link; the same subject and key always give the same token (the IV is derived from both).
 */
export function signUnsubscribeToken(subject: UnsubscribeSubject, secret: TokenSecret): string {
  const ring = ringOf(secret);
  const key = ring.keys.get(ring.current)!;
  const plain = Buffer.from(JSON.stringify({ c: subject.customerId, e: subject.email }));
  const iv = createHmac('sha256', key.iv).update(plain).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.aes, iv);
  cipher.setAAD(Buffer.from(`${VERSION}.${ring.current}`));
  const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${ring.current}.${b64(sealed)}`;
}

/** The subject of a genuine token under any key of the ring; undefined for a forged, altered, malformed or retired one. */
export function verifyUnsubscribeToken(token: string, secret: TokenSecret): UnsubscribeSubject | undefined {
  const ring = ringOf(secret);
  const parts = token.split('.');
  if (parts.length === 2) return verifySigned(parts[0]!, parts[1]!, ring);
  const [version, keyId, data] = parts;
  const key = keyId === undefined ? undefined : ring.keys.get(keyId);
  if (parts.length !== 3 || version !== VERSION || !key || !/^[\w-]+$/.test(data!)) return undefined;
  const sealed = Buffer.from(data!, 'base64url');
  // Re-encoding must give the text back: otherwise stray characters or unused low bits were altered.
  if (sealed.length < IV_BYTES + TAG_BYTES + 2 || b64(sealed) !== data) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.aes, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    return subjectOf(plain);
  } catch {
    return undefined;
  }
}

/**
 * The older signed form, `base64url(JSON) . HMAC-SHA256`, still in emails sent before tokens were
 * encrypted: accepted under any key of the ring, never issued.
 */
function verifySigned(payload: string, signature: string, ring: KeyRing): UnsubscribeSubject | undefined {
  if (!payload || !signature) return undefined;
  const given = Buffer.from(signature);
  for (const { secret } of ring.keys.values()) {
    // Compare the text as sent: decoding would skip stray characters and the unused low bits of the last one.
    const expected = Buffer.from(b64(createHmac('sha256', secret).update(payload).digest()));
    if (given.length === expected.length && timingSafeEqual(given, expected)) return subjectOf(Buffer.from(payload, 'base64url'));
  }
  return undefined;
}

function subjectOf(plain: Buffer): UnsubscribeSubject | undefined {
  try {
    const { c, e } = JSON.parse(plain.toString('utf8')) as { c?: unknown; e?: unknown };
    return typeof c === 'string' && typeof e === 'string' ? { customerId: c, email: e } : undefined;
  } catch {
    return undefined;
  }
}

/** The unsubscribe link for a customer. */
export const unsubscribeUrl = (baseUrl: string, subject: UnsubscribeSubject, secret: TokenSecret): string => {
  const url = new URL(baseUrl);
  url.searchParams.set('t', signUnsubscribeToken(subject, secret));
  return url.toString();
};
