import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from '../../shared/domain/unsubscribe-token';

const SECRET = 'unit-secret-of-sixteen+';
const ana = { customerId: 'c-42', email: 'ana.costa+shop@example.com' };
const token = signUnsubscribeToken(ana, SECRET);
const [version, keyId, sealed] = token.split('.') as [string, string, string];
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ring = (current: string, keys: Record<string, string>) => JSON.stringify({ current, keys });
const OLD = 'the-old-secret-of-the-shop';
const NEW = 'the-new-secret-of-the-shop';

describe('unsubscribe tokens', () => {
  it('verify to their subject, also with characters that need encoding', () => {
    expect(verifyUnsubscribeToken(token, SECRET)).toEqual(ana);
    const zoe = { customerId: 'ç/ø?&=.', email: 'zoë@exämple.com' };
    expect(verifyUnsubscribeToken(signUnsubscribeToken(zoe, SECRET), SECRET)).toEqual(zoe);
    expect(token).toMatch(/^u1\.k0\.[\w-]+$/); // URL-safe as it stands: no escaping in links or headers
  });

  it('carry nothing personal in clear: neither the address nor the customer id, in any decoding', () => {
    const decoded = [token, Buffer.from(sealed, 'base64url').toString('latin1'), Buffer.from(sealed, 'base64url').toString('utf8')].join('\n');
    for (const part of ['ana', 'costa', 'example', 'c-42']) expect(decoded).not.toContain(part);
    expect(signUnsubscribeToken(ana, SECRET)).toBe(token); // the same link in every email to the same subject
    expect(signUnsubscribeToken({ ...ana, email: 'ana@example.org' }, SECRET)).not.toBe(token);
  });

  it('are refused with a different secret', () => {
    expect(verifyUnsubscribeToken(token, 'other-secret-of-sixteen')).toBeUndefined();
    expect(verifyUnsubscribeToken(signUnsubscribeToken(ana, 'other-secret-of-sixteen'), SECRET)).toBeUndefined();
  });

  it('are refused after any single-character change, including ones that decode to the same bytes', () => {
    const accepted: string[] = [];
    for (let i = 0; i < token.length; i++) {
      for (const c of BASE64URL) {
        const altered = `${token.slice(0, i)}${c}${token.slice(i + 1)}`;
        if (c !== token[i] && verifyUnsubscribeToken(altered, SECRET)) accepted.push(altered);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('are refused with anything added to or cut from them', () => {
    for (const altered of [`${token}!`, `${token}=`, `${token} `, token.slice(0, -1), `${token}${sealed}`, `${token}.`, `${version}.${sealed}`, `${keyId}.${sealed}`]) {
      expect(verifyUnsubscribeToken(altered, SECRET), altered).toBeUndefined();
    }
  });

  it('refuse garbage without throwing', () => {
    for (const garbage of ['', '.', '..', 'u1..', 'u1.k0.', 'u1.k0.AAAA', 'u1.nope.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'a.b.c.d', 'hello', '%%%.%%%']) {
      expect(verifyUnsubscribeToken(garbage, SECRET), garbage).toBeUndefined();
    }
  });

  it('rotate with an overlap: the ring signs with its current key and accepts every key it still holds', () => {
    const before = signUnsubscribeToken(ana, OLD);
    const overlap = ring('k1', { k1: NEW, k0: OLD });
    const during = signUnsubscribeToken(ana, overlap);

    expect(during).toMatch(/^u1\.k1\./);
    expect(verifyUnsubscribeToken(before, overlap)).toEqual(ana); // links in emails sent before the rotation
    expect(verifyUnsubscribeToken(during, overlap)).toEqual(ana);
    const after = ring('k1', { k1: NEW });
    expect(verifyUnsubscribeToken(during, after)).toEqual(ana);
    expect(verifyUnsubscribeToken(before, after)).toBeUndefined(); // the old key retired
  });

  it('refuse a token naming one key but sealed with another', () => {
    const overlap = ring('k1', { k1: NEW, k0: OLD });
    const [, , sealedOld] = signUnsubscribeToken(ana, OLD).split('.');
    expect(verifyUnsubscribeToken(`u1.k1.${sealedOld}`, overlap)).toBeUndefined();
  });

  it('name what is wrong with a malformed key ring', () => {
    expect(() => signUnsubscribeToken(ana, ring('k9', { k1: NEW }))).toThrow(/"current" must name one of "keys"/);
    expect(() => signUnsubscribeToken(ana, ring('k1', { k1: 'short' }))).toThrow(/keys\.k1 must be a string of at least 16/);
    expect(() => signUnsubscribeToken(ana, ring('a.b', { 'a.b': NEW }))).toThrow(/key id "a\.b"/);
  });

  it('still accept the signed links of emails sent before tokens were encrypted, and nothing altered in them', () => {
    const payload = Buffer.from(JSON.stringify({ c: ana.customerId, e: ana.email })).toString('base64url');
    const signature = createHmac('sha256', OLD).update(payload).digest('base64url');
    expect(verifyUnsubscribeToken(`${payload}.${signature}`, ring('k1', { k1: NEW, k0: OLD }))).toEqual(ana);
    expect(verifyUnsubscribeToken(`${payload}.${signature}`, NEW)).toBeUndefined();
    const mallory = Buffer.from(JSON.stringify({ c: 'c-42', e: 'mallory@example.com' })).toString('base64url');
    expect(verifyUnsubscribeToken(`${mallory}.${signature}`, OLD)).toBeUndefined();
    const last = signature.at(-1)!;
    const respelled = BASE64URL[BASE64URL.indexOf(last) ^ 1]!;
    expect(verifyUnsubscribeToken(`${payload}.${signature.slice(0, -1)}${respelled}`, OLD)).toBeUndefined();
  });

  it('go into a link as the t parameter of the endpoint URL', () => {
    const url = new URL(unsubscribeUrl('https://loyalty.example.com/unsubscribe?lang=en', ana, SECRET));
    expect(url.searchParams.get('t')).toBe(token);
    expect(url.searchParams.get('lang')).toBe('en');
  });
});
