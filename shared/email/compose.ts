import MailComposer from 'nodemailer/lib/mail-composer';

/** Everything needed to build one raw MIME message (for SES SendRawEmail). */
export interface MimeInput {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Adds RFC 8058 one-click unsubscribe headers; required for every marketing email. */
  unsubscribeUrl?: string;
  /** Extra headers such as a message reference; unsubscribe headers come only from `unsubscribeUrl`. */
  headers?: Record<string, string>;
}

/** Builds a multipart/alternative MIME message (text and HTML) with nodemailer's composer. */
export function composeMime(input: MimeInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: input.from,
    to: input.to,
    replyTo: input.replyTo,
    subject: input.subject,
    text: input.text,
    html: input.html,
    headers: { ...withoutUnsubscribeHeaders(input.headers), ...unsubscribeHeaders(input.unsubscribeUrl) },
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
}

const UNSUBSCRIBE_HEADERS = new Set(['list-unsubscribe', 'list-unsubscribe-post']);

/** Header names are case-insensitive, so a caller's `list-unsubscribe-post` would otherwise ride along with ours. */
function withoutUnsubscribeHeaders(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !UNSUBSCRIBE_HEADERS.has(name.toLowerCase())));
}

/** RFC 2369 link plus RFC 8058's POST marker, which mailbox providers need to offer one-click unsubscribe. */
function unsubscribeHeaders(url: string | undefined): Record<string, string> {
  if (!url) return {};
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
