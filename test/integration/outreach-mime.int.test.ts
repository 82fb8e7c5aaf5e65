import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { verifyUnsubscribeToken } from '../../shared/domain/unsubscribe-token';
import { localSes, outreachWorld, unsubscribeLink, UNSUBSCRIBE_SECRET } from '../support/outreach';
import { startSesProxy, type SesProxy } from '../support/ses-proxy';

/** Enough HTML entity decoding to read an attribute value as a browser would. */
const decodeEntities = (html: string): string =>
  html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('a marketing email as it goes over the wire to SES', () => {
  // The emulator drops the headers of raw messages, so a recording proxy keeps the MIME that was sent.
  let proxy: SesProxy;
  beforeAll(async () => {
    proxy = await startSesProxy(inject('sesEndpoint'));
  });
  afterAll(() => proxy.close());

  it('carries one-click unsubscribe headers and the same visible link in the text and HTML parts', async () => {
    const world = await outreachWorld({ ses: localSes(proxy.endpoint) });
    await world.place(world.order('reader', { orderId: 'o-1', placedAt: '2026-03-02T10:00:00Z' }));
    expect(await world.dispatch('2026-03-03T12:00:00.000Z')).toMatchObject({ sent: 1 });

    const raw = proxy.forwarded.find((mime) => mime.toString('utf8').includes(world.email('reader')));
    const mail = await simpleParser(raw!);
    const link = unsubscribeLink('reader', world.email('reader'));
    const header = (name: string) => mail.headerLines.filter((h) => h.key === name).map((h) => h.line.replace(/\r?\n(?=[ \t])/g, ''));

    expect(header('list-unsubscribe')).toEqual([`List-Unsubscribe: <${link}>`]);
    expect(header('list-unsubscribe-post')).toEqual(['List-Unsubscribe-Post: List-Unsubscribe=One-Click']);
    expect(mail.text).toContain(link);
    const hrefs = [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => decodeEntities(m[1]!));
    expect(hrefs).toContain(link);
    expect(verifyUnsubscribeToken(new URL(link).searchParams.get('t')!, UNSUBSCRIBE_SECRET)).toEqual({ customerId: 'reader', email: world.email('reader') });

    // The message the emulator stored is this one: same recipient, same visible link.
    const [stored] = await world.mails();
    expect(stored).toMatchObject({ to: [world.email('reader')], subject: mail.subject });
    expect(stored!.text).toContain(link);
  });
});
