import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who an unsubscribe link is for. */
export interface UnsubscribeSubject {
  customerId: string;
  email: string;
}

const b64 = (data: Buffer | string): string => Buffer.from(data).toString('base64url');
const mac = (payload: string, secret: string): Buffer => createHmac('sha256', secret).update(payload).digest();

/** A tamper-proof token for an unsubscribe link: the subject, then an HMAC-SHA256 over it. */
export function signUnsubscribeToken(subject: UnsubscribeSubject, secret: string): string {
  const payload = b64(JSON.stringify({ c: subject.customerId, e: subject.email }));
  return `${payload}.${b64(mac(payload, secret))}`;
}

/** The subject of a genuine token; undefined for a forged, altered or malformed one. */
export function verifyUnsubscribeToken(token: string, secret: string): UnsubscribeSubject | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  // Compare the text as sent: decoding would skip stray characters and the unused low bits of the
  // last one, so altered spellings of a signature would pass.
  const expected = Buffer.from(b64(mac(payload, secret)));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const { c, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c?: unknown; e?: unknown };
    return typeof c === 'string' && typeof e === 'string' ? { customerId: c, email: e } : undefined;
  } catch {
    return undefined;
  }
}

/** The unsubscribe link for a customer. */
export const unsubscribeUrl = (baseUrl: string, subject: UnsubscribeSubject, secret: string): string => {
  const url = new URL(baseUrl);
  url.searchParams.set('t', signUnsubscribeToken(subject, secret));
  return url.toString();
};
