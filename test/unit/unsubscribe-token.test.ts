import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from '../../shared/domain/unsubscribe-token';

const SECRET = 'unit-secret';
const ana = { customerId: 'c-42', email: 'ana.costa+shop@example.com' };
const token = signUnsubscribeToken(ana, SECRET);
const [payload, signature] = token.split('.') as [string, string];
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('unsubscribe tokens', () => {
  it('verify to their subject, also with characters that need encoding', () => {
    expect(verifyUnsubscribeToken(token, SECRET)).toEqual(ana);
    const zoe = { customerId: 'ç/ø?&=.', email: 'zoë@exämple.com' };
    expect(verifyUnsubscribeToken(signUnsubscribeToken(zoe, SECRET), SECRET)).toEqual(zoe);
    expect(token).toMatch(/^[\w-]+\.[\w-]{43}$/); // URL-safe as it stands: no escaping in links or headers
  });

  it('are refused with a different secret', () => {
    expect(verifyUnsubscribeToken(token, 'other-secret')).toBeUndefined();
    expect(verifyUnsubscribeToken(signUnsubscribeToken(ana, 'other-secret'), SECRET)).toBeUndefined();
  });

  it('are refused when the payload is altered, even into another valid subject', () => {
    const mallory = b64(JSON.stringify({ c: 'c-42', e: 'mallory@example.com' }));
    expect(verifyUnsubscribeToken(`${mallory}.${signature}`, SECRET)).toBeUndefined();
    expect(verifyUnsubscribeToken(`${payload.slice(0, -1)}.${signature}`, SECRET)).toBeUndefined();
    expect(verifyUnsubscribeToken(`${payload}A.${signature}`, SECRET)).toBeUndefined();
  });

  it('are refused after any single-character change to the signature, including ones that decode to the same bytes', () => {
    const accepted: string[] = [];
    for (let i = 0; i < signature.length; i++) {
      for (const c of BASE64URL) {
        const altered = `${payload}.${signature.slice(0, i)}${c}${signature.slice(i + 1)}`;
        if (c !== signature[i] && verifyUnsubscribeToken(altered, SECRET)) accepted.push(altered);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('are refused with anything added to or cut from the signature', () => {
    for (const altered of [`${token}!`, `${token}=`, `${token} `, `${payload}.${signature.slice(0, -1)}`, `${payload}.${signature}${signature}`, `${token}.`]) {
      expect(verifyUnsubscribeToken(altered, SECRET), altered).toBeUndefined();
    }
  });

  it('refuse garbage without throwing', () => {
    // Correctly signed payloads that are not a subject: only a bug on our side could make one.
    const signed = (text: string) => `${b64(text)}.${createHmac('sha256', SECRET).update(b64(text)).digest('base64url')}`;
    for (const garbage of ['', '.', '..', 'hello', 'a.b', 'a.b.c', '%%%.%%%', signed('not json'), signed('{"c":1,"e":"x"}'), signed('null')]) {
      expect(verifyUnsubscribeToken(garbage, SECRET), garbage).toBeUndefined();
    }
  });

  it('ride in the link as the `t` parameter, keeping what the base URL already has', () => {
    const url = new URL(unsubscribeUrl('https://shop.example.com/u?lang=pt', ana, SECRET));
    expect(url.origin + url.pathname).toBe('https://shop.example.com/u');
    expect(url.searchParams.get('lang')).toBe('pt');
    expect(verifyUnsubscribeToken(url.searchParams.get('t')!, SECRET)).toEqual(ana);
  });
});
