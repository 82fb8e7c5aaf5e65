import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMime, MimeError, quotedPrintable, type MimeInput } from '../../../shared/email/compose';
import { renderEmail } from '../../../shared/email/render';
import { emailSamples } from '../../../shared/email/samples';

const thankYou = emailSamples.find((s) => s.kind === 'second-sale/thank-you' && !s.id.endsWith('hostile'));
if (thankYou?.kind !== 'second-sale/thank-you') throw new Error('missing thank-you sample');
const email = renderEmail(thankYou.kind, thankYou.data);
const unsubscribeUrl = thankYou.data.unsubscribeUrl;

/** Raw header lines by lower-case name, unfolded; mailparser groups List-* headers otherwise. */
const headerLines = (mail: ParsedMail, name: string): string[] =>
  mail.headerLines.filter((h) => h.key === name).map((h) => h.line.replace(/\r?\n[ \t]+/g, ' '));

const input = (extra: Partial<MimeInput> = {}): MimeInput => ({
  from: { name: 'Hearth & Bean', address: 'hello@hearthandbean.example' },
  to: 'ana@example.com',
  replyTo: 'care@hearthandbean.example',
  ...email,
  ...extra,
});
const compose = (extra: Partial<MimeInput> = {}): Promise<ParsedMail> => simpleParser(composeMime(input(extra)));

/** The header section of a raw message, its folded lines as sent. */
const headLines = (raw: Buffer): string[] => raw.toString('ascii').split('\r\n\r\n')[0]!.split('\r\n');

describe('composeMime', () => {
  it('builds a multipart message with both parts and the addresses', async () => {
    const mail = await compose({ unsubscribeUrl });
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
    expect(mail.subject).toBe('Thanks for your order, Ana');
    expect(mail.from?.value).toEqual([{ name: 'Hearth & Bean', address: 'hello@hearthandbean.example' }]);
    expect(mail.to).toMatchObject({ value: [{ address: 'ana@example.com' }] });
    expect(mail.replyTo?.text).toBe('care@hearthandbean.example');
    expect(mail.text).toBe(email.text);
    expect(mail.html).toBe(email.html);
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@hearthandbean\.example>$/);
    expect(headerLines(mail, 'mime-version')).toEqual(['MIME-Version: 1.0']);
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

  it('passes extra headers but never lets them replace the headers it sets itself', async () => {
    const mail = await compose({
      unsubscribeUrl,
      headers: { 'X-Loyalty-Kind': 'second-sale/thank-you', 'list-unsubscribe-post': 'nope', 'List-Unsubscribe': '<x>', from: 'someone@else.example', 'Content-Type': 'text/plain' },
    });
    expect(mail.headers.get('x-loyalty-kind')).toBe('second-sale/thank-you');
    expect(headerLines(mail, 'list-unsubscribe-post')).toEqual(['List-Unsubscribe-Post: List-Unsubscribe=One-Click']);
    expect(headerLines(mail, 'list-unsubscribe')).toEqual([`List-Unsubscribe: <${unsubscribeUrl}>`]);
    expect(headerLines(mail, 'from')).toEqual(['From: Hearth & Bean <hello@hearthandbean.example>']);
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
  });

  it('ends every line with CRLF and keeps every line within 78 characters', () => {
    const raw = composeMime(input({ unsubscribeUrl, subject: `${'A long subject line '.repeat(8)}end` })).toString('ascii');
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = raw.split('\r\n');
    expect(lines.filter((line) => line.length > 78 && !line.includes(unsubscribeUrl))).toEqual([]);
  });

  it('folds runs of spaces without leaving a blank folded line', async () => {
    const subject = `${'x'.repeat(60)}        ${'y'.repeat(30)}    end`;
    const raw = composeMime(input({ subject }));
    expect(headLines(raw).filter((line) => line.trim() === '')).toEqual([]);
    expect((await simpleParser(raw)).subject).toBe(subject);
  });

  it('encodes non-ASCII names and subjects as RFC 2047 words of at most 76-character lines', async () => {
    const name = 'Café Übermäßig — Kaffeerösterei Lindenstraße & Söhne 🫘';
    const subject = `Grüße, Zoë: ${'dein nächster Kaffee ☕ wartet schon '.repeat(4)}`.trim();
    const raw = composeMime(input({ from: { name, address: 'hello@hearthandbean.example' }, subject }));
    const head = headLines(raw);
    expect(head.filter((line) => line.includes('=?') && line.length > 76)).toEqual([]);
    expect(head.join('\n')).not.toMatch(/[^\x20-\x7e\n]/);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(subject);
    expect(mail.from?.value).toEqual([{ name, address: 'hello@hearthandbean.example' }]);
  });

  it('quotes a plain name holding RFC 5322 specials', async () => {
    const name = 'Hearth, Bean & "Co." (Berlin)';
    const mail = await compose({ from: { name, address: 'hello@hearthandbean.example' } });
    expect(mail.from?.value).toEqual([{ name, address: 'hello@hearthandbean.example' }]);
  });

  it('keeps line breaks in a subject or a name out of the header section', async () => {
    const mail = await compose({ subject: 'Hello\r\nBcc: victim@example.com', from: { name: 'Brand\nX-Injected: 1', address: 'hello@hearthandbean.example' } });
    expect(mail.subject).toBe('Hello Bcc: victim@example.com');
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.headers.has('x-injected')).toBe(false);
  });

  it('writes an international domain in its ASCII form and refuses a local part SES cannot take', () => {
    expect(headLines(composeMime(input({ to: 'ana@bücher.example' })))).toContain('To: ana@xn--bcher-kva.example');
    expect(() => composeMime(input({ to: 'zoë@example.com' }))).toThrow(new MimeError('to: expected an email address with an ASCII local part'));
    expect(() => composeMime(input({ replyTo: 'no-at-sign' }))).toThrow(MimeError);
    expect(() => composeMime(input({ headers: { 'Bad Name': 'x' } }))).toThrow(/headers: "Bad Name" is not a header name/);
    expect(() => composeMime(input({ unsubscribeUrl: 'https://x.example/u?t=a\r\nBcc: y@z.example' }))).toThrow(/unsubscribeUrl/);
  });

  it('dates the message in RFC 5322 form', async () => {
    const raw = composeMime(input({ date: new Date('2026-03-02T09:30:05Z') }));
    expect(headLines(raw)).toContain('Date: Mon, 02 Mar 2026 09:30:05 +0000');
    expect((await simpleParser(raw)).date?.toISOString()).toBe('2026-03-02T09:30:05.000Z');
  });

  it('round-trips bodies with long lines, trailing spaces, "=" and every kind of character', async () => {
    const text = `${'word '.repeat(40)}\nends in spaces   \n\ttabbed = equals\n${'é€🫘'.repeat(30)}\r\nlast`;
    const html = `<p style="x=1">${'ü'.repeat(100)}</p>\n<p>=?UTF-8?B?not-a-word?=</p>`;
    const mail = await compose({ text, html, subject: 'Ratio =?x?= stays' });
    expect(mail.text).toBe(text.replace(/\r\n/g, '\n'));
    expect(mail.html).toBe(html);
    expect(mail.subject).toBe('Ratio =?x?= stays');
  });
});

describe('quotedPrintable', () => {
  it('soft-breaks at 76 characters without splitting an escape, and encodes what ends a line', () => {
    const encoded = quotedPrintable(`${'a'.repeat(74)}é b \nx\t`);
    expect(encoded.split('\r\n')).toEqual([`${'a'.repeat(74)}=`, '=C3=A9 b=20', 'x=09']);
    expect(quotedPrintable('ü'.repeat(30)).split('\r\n').every((line) => line.length <= 76 && /^(=[0-9A-F]{2})+=?$/.test(line))).toBe(true);
  });
});
