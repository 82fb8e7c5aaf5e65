import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMime } from '../../../shared/email/compose';
import { renderEmail } from '../../../shared/email/render';
import { emailSamples } from '../../../shared/email/samples';

const thankYou = emailSamples.find((s) => s.kind === 'second-sale/thank-you' && !s.id.endsWith('hostile'));
if (thankYou?.kind !== 'second-sale/thank-you') throw new Error('missing thank-you sample');
const email = renderEmail(thankYou.kind, thankYou.data);
const unsubscribeUrl = thankYou.data.unsubscribeUrl;

/** Raw header lines by lower-case name, unfolded; mailparser groups List-* headers otherwise. */
const headerLines = (mail: ParsedMail, name: string): string[] =>
  mail.headerLines.filter((h) => h.key === name).map((h) => h.line.replace(/\r?\n[ \t]+/g, ' '));

const compose = async (extra: { unsubscribeUrl?: string; headers?: Record<string, string> } = {}): Promise<ParsedMail> =>
  simpleParser(
    await composeMime({
      from: 'Hearth & Bean <hello@hearthandbean.example>',
      to: 'ana@example.com',
      replyTo: 'care@hearthandbean.example',
      ...email,
      ...extra,
    }),
  );

describe('composeMime', () => {
  it('builds a multipart message with both parts and the addresses', async () => {
    const mail = await compose({ unsubscribeUrl });
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(mail.subject).toBe('Thanks for your order, Ana');
    expect(mail.from?.value).toEqual([{ name: 'Hearth & Bean', address: 'hello@hearthandbean.example' }]);
    expect(mail.replyTo?.text).toBe('care@hearthandbean.example');
    expect(mail.text?.trim()).toBe(email.text.trim());
    expect(mail.html).toBe(email.html);
  });

  it('adds the RFC 8058 one-click unsubscribe headers when given a link', async () => {
    const mail = await compose({ unsubscribeUrl });
    expect(mail.headers.get('list')).toMatchObject({ unsubscribe: { url: unsubscribeUrl } });
    expect(headerLines(mail, 'list-unsubscribe')).toEqual([`List-Unsubscribe: <${unsubscribeUrl}>`]);
    expect(headerLines(mail, 'list-unsubscribe-post')).toEqual(['List-Unsubscribe-Post: List-Unsubscribe=One-Click']);
  });

  it('adds no unsubscribe headers to transactional mail', async () => {
    const mail = await compose();
    expect(mail.headerLines.filter((h) => h.key.startsWith('list-'))).toEqual([]);
  });

  it('passes extra headers but never lets them replace the unsubscribe headers', async () => {
    const mail = await compose({
      unsubscribeUrl,
      headers: { 'X-Loyalty-Kind': 'second-sale/thank-you', 'list-unsubscribe-post': 'nope', 'List-Unsubscribe': '<x>' },
    });
    expect(mail.headers.get('x-loyalty-kind')).toBe('second-sale/thank-you');
    expect(headerLines(mail, 'list-unsubscribe-post')).toEqual(['List-Unsubscribe-Post: List-Unsubscribe=One-Click']);
    expect(headerLines(mail, 'list-unsubscribe')).toEqual([`List-Unsubscribe: <${unsubscribeUrl}>`]);
  });
});
