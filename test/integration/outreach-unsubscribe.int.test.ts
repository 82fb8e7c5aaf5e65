import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { unsubscribe } from '../../functions/unsubscribe/unsubscribe';
import { DetailType } from '../../shared/contracts/events';
import { signUnsubscribeToken } from '../../shared/domain/unsubscribe-token';
import { config, outreachWorld, UNSUBSCRIBE_SECRET } from '../support/outreach';

const NOW = '2026-03-04T09:00:00.000Z';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** A base64url character whose value differs only in bits the decoder drops at the end of the token. */
const sameBytesSpelling = (char: string) => BASE64URL[BASE64URL.indexOf(char) ^ 1]!;
const replaceAt = (text: string, index: number, char: string) => `${text.slice(0, index)}${char}${text.slice(index + 1)}`;

describe('the unsubscribe endpoint', () => {
  let world: Awaited<ReturnType<typeof outreachWorld>>;
  const victim = { customerId: 'victim', email: '' };
  const deps = () => ({ ...world, secret: UNSUBSCRIBE_SECRET, brandName: config.brand.name, now: NOW });

  beforeEach(async () => {
    world = await outreachWorld();
    victim.email = world.email('victim');
    await world.place(world.order('victim', { orderId: 'o-1', placedAt: '2026-03-02T10:00:00Z' }));
  });

  const genuine = () => signUnsubscribeToken(victim, UNSUBSCRIBE_SECRET);

  const forgeries: [string, () => string | undefined][] = [
    ['signed with another secret', () => signUnsubscribeToken(victim, 'not-our-secret-at-all')],
    ['in the older signed form, its payload swapped for another address', () => {
      const signature = createHmac('sha256', UNSUBSCRIBE_SECRET).update(b64(JSON.stringify({ c: 'victim', e: victim.email }))).digest('base64url');
      return `${b64(JSON.stringify({ c: 'victim', e: world.email('other') }))}.${signature}`;
    }],
    ['one sealed character changed', () => {
      const token = genuine();
      return replaceAt(token, 16, token[16] === 'A' ? 'B' : 'A');
    }],
    ['last character respelled (decodes to the same bytes)', () => {
      const token = genuine();
      return replaceAt(token, token.length - 1, sameBytesSpelling(token.at(-1)!));
    }],
    ['under a key id the ring does not hold', () => genuine().replace(/^u1\.k0\./, 'u1.k9.')],
    ['junk appended', () => `${genuine()}!`],
    ['a fourth part', () => `${genuine()}.extra`],
    ['garbage', () => 'hello'],
    ['empty', () => ''],
    ['missing', () => undefined],
  ];

  it.each(forgeries)('refuses a token %s: 400 page, nothing suppressed, nothing skipped', async (_, token) => {
    const page = await unsubscribe(token(), deps());

    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('This link is not valid');
    expect(await world.suppressions.isSuppressed(victim.email)).toBe(false);
    expect(await world.suppressions.isSuppressed(world.email('other'))).toBe(false);
    expect(await world.queue.pending('victim')).toHaveLength(2);
    expect(world.detailsOf(DetailType.OutreachSkipped)).toEqual([]);
    expect(world.detailsOf(DetailType.CustomerUnsubscribed)).toEqual([]);
  });

  it('honours a genuine token at once with a 200 page, and again when the one-click POST repeats it', async () => {
    const page = await unsubscribe(genuine(), deps());

    expect(page).toMatchObject({ statusCode: 200, headers: { 'cache-control': 'no-store' } });
    expect(page.body).toContain('You are unsubscribed');
    expect(await world.suppressions.isSuppressed(victim.email)).toBe(true);
    expect(await world.queue.pending('victim')).toEqual([]);
    expect(await world.step('victim', 'o-1', 'thank-you')).toMatchObject({ status: 'skipped', reason: 'unsubscribed' });

    expect((await unsubscribe(genuine(), deps())).statusCode).toBe(200);
    expect(await world.suppressions.isSuppressed(victim.email)).toBe(true);
    expect(world.detailsOf(DetailType.OutreachSkipped)).toHaveLength(2);
  });
});
