import { createHmac, timingSafeEqual } from 'node:crypto';
import { type TokenSecret, b64, jsonObject, openToken, ringOf, sealToken } from './sealed-token';

export { SINGLE_KEY_ID, type TokenSecret } from './sealed-token';

/** Who an unsubscribe link is for. */
export interface UnsubscribeSubject {
  customerId: string;
  email: string;
}

/** Unsubscribe tokens start `u1.`; the older signed form (`<payload>.<mac>`) has two parts. */
const UNSUBSCRIBE = { version: 'u1', purpose: 'unsubscribe-token' };

/** A token for an unsubscribe link: the subject sealed ({@link sealToken}), nothing personal readable in the link. */
export const signUnsubscribeToken = (subject: UnsubscribeSubject, secret: TokenSecret): string =>
  sealToken(UNSUBSCRIBE, { c: subject.customerId, e: subject.email }, secret);

/** The subject of a genuine token under any key of the ring; undefined for a forged, altered, malformed or retired one. */
export function verifyUnsubscribeToken(token: string, secret: TokenSecret): UnsubscribeSubject | undefined {
  const parts = token.split('.');
  if (parts.length === 2) return verifySigned(parts[0]!, parts[1]!, secret);
  return subjectOf(openToken(UNSUBSCRIBE, token, secret));
}

/**
 * The older signed form, `base64url(JSON) . HMAC-SHA256`, still in emails sent before tokens were
 * encrypted: accepted under any key of the ring, never issued.
 */
function verifySigned(payload: string, signature: string, secret: TokenSecret): UnsubscribeSubject | undefined {
  if (!payload || !signature) return undefined;
  const given = Buffer.from(signature);
  for (const { secret: key } of ringOf(secret).keys.values()) {
    // Compare the text as sent: decoding would skip stray characters and the unused low bits of the last one.
    const expected = Buffer.from(b64(createHmac('sha256', key).update(payload).digest()));
    if (given.length === expected.length && timingSafeEqual(given, expected)) return subjectOf(jsonObject(Buffer.from(payload, 'base64url')));
  }
  return undefined;
}

function subjectOf(claims: Record<string, unknown> | undefined): UnsubscribeSubject | undefined {
  const { c, e } = claims ?? {};
  return typeof c === 'string' && typeof e === 'string' ? { customerId: c, email: e } : undefined;
}

/** The unsubscribe link for a customer. */
export const unsubscribeUrl = (baseUrl: string, subject: UnsubscribeSubject, secret: TokenSecret): string => {
  const url = new URL(baseUrl);
  url.searchParams.set('t', signUnsubscribeToken(subject, secret));
  return url.toString();
};
