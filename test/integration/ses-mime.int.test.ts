import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { makeSesMailer } from '../../shared/adapters/ses/mailer';
import { renderEmail } from '../../shared/email/render';
import { emailSamples } from '../../shared/email/samples';
import { MailError } from '../../shared/ports';
import { localSes } from '../support/outreach';

/** What the SES emulator made of a raw message it received (`GET /store`). */
interface Received {
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

async function receivedBy(to: string): Promise<Received[]> {
  const { emails } = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: Received[] };
  return emails.filter((e) => e.destination.to.includes(to));
}

const mailer = makeSesMailer({
  ses: localSes(),
  from: { name: 'Café Übermäßig — Rösterei & Söhne', address: 'hello@hearthandbean.example' },
  replyTo: 'care@hearthandbean.example',
  configurationSet: 'loyalty',
});

describe('our MIME as SES receives it', () => {
  it.each(emailSamples.map((sample) => [sample.id, sample] as const))('%s: the emulator reads the subject, sender and both parts as rendered', async (_, sample) => {
    const email = renderEmail(sample.kind, sample.data as never);
    const to = `mime-${randomUUID().slice(0, 8)}@example.com`;
    const subject = `${email.subject} — Grüße ☕ ${'ein langer Betreff '.repeat(4)}`.trim();
    await mailer.send({ to, ...email, subject, unsubscribeUrl: 'https://loyalty.example.com/unsubscribe?t=abc' });

    const [received, ...more] = await receivedBy(to);
    expect(more).toEqual([]);
    expect(received).toMatchObject({ subject, replyTo: ['care@hearthandbean.example'], body: { html: email.html, text: email.text } });
    expect(received!.from).toBe('"Café Übermäßig — Rösterei & Söhne" <hello@hearthandbean.example>');
  });

  it('refuses, once and for good, an address SES cannot take', async () => {
    const sent = mailer.send({ to: 'zoë@example.com', subject: 'x', html: '<p>x</p>', text: 'x' });
    await expect(sent).rejects.toThrow(MailError);
    await expect(sent).rejects.toMatchObject({ transient: false, message: 'the email cannot be composed: to: expected an email address with an ASCII local part' });
  });
});
