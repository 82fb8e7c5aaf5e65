import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/unsubscribe/handler';
import { unsubscribe } from '../../functions/unsubscribe/unsubscribe';
import { startEventCapture, type EventCapture } from '../../infra/local/event-capture';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { DetailType } from '../../shared/contracts/events';
import { planSecondSale } from '../../shared/domain/outreach';
import { signUnsubscribeToken } from '../../shared/domain/unsubscribe-token';
import { resetRuntime } from '../../shared/runtime/dependencies';
import type { BusEvent } from '../../shared/runtime/handler';
import { useFreshLocalEnvironment } from '../support/local';
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
    // A replayed token changes nothing twice: one announcement, however often it comes.
    expect(world.detailsOf(DetailType.CustomerUnsubscribed)).toEqual([{ customerId: 'victim', at: NOW }]);
  });
});

describe('the unsubscribe Function URL (RFC 8058)', () => {
  let table: Awaited<ReturnType<typeof useFreshLocalEnvironment>>;
  let capture: EventCapture;
  const published: BusEvent[] = [];
  const subject = { customerId: 'url-victim', email: 'url-victim@example.com' };

  beforeAll(async () => {
    table = await useFreshLocalEnvironment();
    capture = await startEventCapture((event) => published.push(event));
    process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = capture.endpoint;
    resetRuntime();
    const step = planSecondSale([{ id: 'second-order', delayDays: 14, enabled: true }], { customerId: subject.customerId, orderId: 'o-1', placedAt: NOW }, {}, NOW)[0]!;
    await makeDynamoOutreachQueue(table).enqueue([step]);
  });
  afterAll(() => capture.stop());

  const token = () => signUnsubscribeToken(subject, process.env.UNSUBSCRIBE_SECRET!);
  /** A request as a Function URL passes it (payload 2.0). */
  const request = (method: string, t: string | undefined = token()) =>
    handler({
      version: '2.0',
      rawPath: '/',
      rawQueryString: t === undefined ? '' : `t=${t}`,
      queryStringParameters: t === undefined ? undefined : { t },
      headers: { host: 'abc.lambda-url.us-east-1.on.aws', ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: method === 'POST' ? 'List-Unsubscribe=One-Click' : undefined,
      requestContext: { domainName: 'abc.lambda-url.us-east-1.on.aws', timeEpoch: Date.parse(NOW), http: { method, path: '/' } },
    } as Parameters<typeof handler>[0]);
  const suppressed = () => makeDynamoSuppressionList(table).isSuppressed(subject.email, subject.customerId);
  const unsubscribed = () => published.filter((e) => e['detail-type'] === DetailType.CustomerUnsubscribed);

  it('changes nothing on GET or HEAD (mail scanners fetch links): it shows a page whose button posts', async () => {
    const get = await request('GET');
    expect(get).toMatchObject({ statusCode: 200, headers: { 'cache-control': 'no-store' } });
    const form = /<form method="post" action="([^"]+)">.*name="List-Unsubscribe" value="One-Click".*<button/.exec(get.body);
    expect(form).not.toBeNull();
    expect(new URLSearchParams(form![1]!.replace(/^\?/, '').replace(/&amp;/g, '&')).get('t')).toBe(token());

    expect(await request('HEAD')).toMatchObject({ statusCode: 200, body: '' });
    expect(await suppressed()).toBe(false);
    expect(await makeDynamoOutreachQueue(table).pending(subject.customerId)).toHaveLength(1);
    expect(published).toEqual([]);
    expect((await request('GET', 'forged')).statusCode).toBe(400);
    expect((await request('PUT')).statusCode).toBe(405);
  });

  it('unsubscribes at once on the one-click POST, and a replay changes nothing twice', async () => {
    const post = await request('POST');
    expect(post.statusCode).toBe(200);
    expect(post.body).toContain('You are unsubscribed');
    expect(await suppressed()).toBe(true);
    expect(await makeDynamoOutreachQueue(table).pending(subject.customerId)).toEqual([]);

    expect((await request('POST')).statusCode).toBe(200);
    expect(unsubscribed().map((e) => e.detail)).toEqual([{ customerId: subject.customerId, at: NOW }]);
  });
});
