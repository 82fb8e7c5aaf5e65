import { randomBytes, randomUUID } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { LoyaltyError } from '../errors';

/** A sender or recipient: an address and, for the sender, the name mail programs show. */
export interface Mailbox {
  name?: string;
  address: string;
}

/** Everything needed to build one raw MIME message (for SES SendRawEmail). */
export interface MimeInput {
  from: Mailbox;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Adds RFC 8058 one-click unsubscribe headers; required for every marketing email. */
  unsubscribeUrl?: string;
  /** Extra headers such as a message reference; they never replace a header the message sets itself. */
  headers?: Record<string, string>;
  /** The `Date` header; the time of composing unless given. */
  date?: Date;
}

/** A message that cannot be written as MIME (an address SES cannot take, a header name that is none), naming the field. */
export class MimeError extends LoyaltyError {
  override readonly name = 'MimeError';
}

/** RFC 5322 allows 998 characters a line; 78 is what every reader is sure to show unwrapped. */
const MAX_LINE = 998;
const FOLD_AT = 78;
/** RFC 2047: a line holding an encoded-word is at most 76 characters. */
const ENCODED_LINE = 76;
/** RFC 2045: quoted-printable lines are at most 76 characters, the soft break's "=" included. */
const QP_LINE = 76;
const CRLF = '\r\n';

/**
 * Builds a multipart/alternative MIME message (plain text, then HTML, both UTF-8 quoted-printable)
 * with From, To, Reply-To, Subject, Date, Message-ID and, given a link, the RFC 2369/8058 one-click
 * unsubscribe headers. Non-ASCII names and subjects become RFC 2047 encoded-words.
 */
export function composeMime(input: MimeInput): Buffer {
  const boundary = `=_${randomBytes(12).toString('hex')}`;
  const ours: [string, string][] = [
    ['From', mailbox(input.from, 'from', 'From: '.length)],
    ['To', mailbox({ address: input.to }, 'to')],
    ...(input.replyTo ? ([['Reply-To', mailbox({ address: input.replyTo }, 'replyTo')]] as [string, string][]) : []),
    ['Subject', unstructured(input.subject, 'Subject: '.length)],
    ['Date', rfc5322Date(input.date ?? new Date())],
    ['Message-ID', `<${randomUUID()}@${asciiDomain(input.from.address, 'from')}>`],
    ['MIME-Version', '1.0'],
    ...unsubscribeHeaders(input.unsubscribeUrl),
  ];
  const taken = new Set([...ours.map(([name]) => name.toLowerCase()), 'content-type', 'content-transfer-encoding']);
  const extra = Object.entries(input.headers ?? {})
    .filter(([name]) => !taken.has(name.toLowerCase()))
    .map(([name, value]): [string, string] => [fieldName(name), unstructured(value, name.length + 2)]);
  const fields: [string, string][] = [...ours, ...extra, ['Content-Type', `multipart/alternative; boundary="${boundary}"`]];
  const head = fields.map(([name, value]) => headerField(name, value));
  const parts = [textPart('text/plain', input.text), textPart('text/html', input.html)];
  return Buffer.from([...head, '', ...parts.flatMap((part) => [`--${boundary}`, part]), `--${boundary}--`, ''].join(CRLF), 'ascii');
}

/** RFC 2369 link plus RFC 8058's POST marker, which mailbox providers need to offer one-click unsubscribe. */
function unsubscribeHeaders(url: string | undefined): [string, string][] {
  if (!url) return [];
  if (!/^[!-~]+$/.test(url)) throw new MimeError('unsubscribeUrl: expected a URL of printable ASCII without spaces');
  return [
    ['List-Unsubscribe', `<${url}>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
  ];
}

/** One body part; the boundary cannot occur in it, since quoted-printable writes every "=" as "=3D". */
const textPart = (type: string, body: string): string =>
  [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: quoted-printable', '', quotedPrintable(body)].join(CRLF);

/**
 * RFC 2045 quoted-printable: line breaks become CRLF, every byte outside printable ASCII (and "=")
 * becomes =XX, a space or tab that ends a line is encoded, and lines over 76 characters get soft breaks.
 */
export function quotedPrintable(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => softBreaks(qpTokens(line), QP_LINE - 1).join(`=${CRLF}`))
    .join(CRLF);
}

/** A line as its encoded pieces, one per byte, so that a soft break never splits an =XX. */
function qpTokens(line: string): string[] {
  const bytes = Buffer.from(line, 'utf8');
  return [...bytes].map((byte, i) => {
    const last = i === bytes.length - 1;
    const plain = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
    return plain ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  });
}

/** Groups tokens into lines of at most `width` characters. */
function softBreaks(tokens: string[], width: number): string[] {
  const lines: string[] = [''];
  for (const token of tokens) {
    if (lines[lines.length - 1]!.length + token.length > width) lines.push('');
    lines[lines.length - 1] += token;
  }
  return lines;
}

/**
 * A header field, folded at spaces to lines of 78 characters where it can be. Encoded-words come
 * already sized for their lines; a line still over 998 characters cannot be sent.
 */
function headerField(name: string, value: string): string {
  const words = value.split(' ');
  const lines = [`${name}:`];
  for (const word of words) {
    const line = lines[lines.length - 1]!;
    // A folded line may not be blank, so runs of spaces stay on the line they are on.
    if (line.length + 1 + word.length > FOLD_AT && line !== `${name}:` && word !== '') lines.push(` ${word}`);
    else lines[lines.length - 1] = `${line} ${word}`;
  }
  const tooLong = lines.find((line) => line.length > MAX_LINE);
  if (tooLong) throw new MimeError(`${name}: a header line of ${tooLong.length} characters is over the ${MAX_LINE} MIME allows`);
  return lines.join(CRLF);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Free text (a subject, a name) for a header: one line, as is when it is printable ASCII, else as
 * RFC 2047 base64 encoded-words of whole characters, each short enough for its own 76-character
 * line; the first shares its line with the `lead` before it ("Subject: ").
 */
function unstructured(text: string, lead: number): string {
  const line = text.replace(/[\r\n\t]+/g, ' ');
  if (PRINTABLE_ASCII.test(line) && !line.includes('=?')) return line;
  return encodedWords(line, lead).join(' ');
}

/** "=?UTF-8?B?" and "?=" around the base64. */
const WORD_OVERHEAD = 12;

/** The UTF-8 bytes an encoded-word can hold on a line that already has `used` characters. */
const wordBytes = (used: number): number => Math.floor((ENCODED_LINE - used - WORD_OVERHEAD) / 4) * 3;

function encodedWords(text: string, lead: number): string[] {
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    // Later words start their own line after the folding space.
    if (Buffer.byteLength(chunk + char, 'utf8') > wordBytes(words.length === 0 ? lead : 1)) {
      words.push(encodedWord(chunk));
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(encodedWord(chunk));
  return words;
}

const encodedWord = (chunk: string): string => `=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`;

/** RFC 5322 specials: a plain ASCII name holding one is sent as a quoted string. */
const SPECIALS = /[()<>[\]:;@\\,."]/;

/** `Name <address>` or the bare address, the name quoted or encoded as needed and the domain in its ASCII form. */
function mailbox({ name, address }: Mailbox, field: string, lead = 0): string {
  const ascii = asciiAddress(address, field);
  if (!name?.trim()) return ascii;
  const shown = name.replace(/[\r\n\t]+/g, ' ').trim();
  if (!PRINTABLE_ASCII.test(shown) || shown.includes('=?')) return `${encodedWords(shown, lead).join(' ')} <${ascii}>`;
  const phrase = SPECIALS.test(shown) ? `"${shown.replace(/(["\\])/g, '\\$1')}"` : shown;
  return `${phrase} <${ascii}>`;
}

/** SES takes only ASCII local parts; an international domain goes as its punycode (IDNA) form. */
function asciiAddress(address: string, field: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  if (at < 1 || !/^[!-~]+$/.test(local) || /[<>"\\,;:@\s]/.test(local)) {
    throw new MimeError(`${field}: expected an email address with an ASCII local part`);
  }
  return `${local}@${asciiDomain(address, field)}`;
}

function asciiDomain(address: string, field: string): string {
  const domain = domainToASCII(address.slice(address.lastIndexOf('@') + 1));
  if (!domain) throw new MimeError(`${field}: expected an email address with a valid domain`);
  return domain;
}

/** Header names are printable ASCII without spaces or colons (RFC 5322 §3.6.8). */
function fieldName(name: string): string {
  if (!/^[!-9;-~]+$/.test(name)) throw new MimeError(`headers: ${JSON.stringify(name)} is not a header name`);
  return name;
}

/** `Fri, 04 Dec 2026 03:57:41 +0000`. */
const rfc5322Date = (date: Date): string => date.toUTCString().replace(/GMT$/, '+0000');
