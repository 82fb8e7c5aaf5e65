import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { composeMime, type Mailbox } from '../../email/compose';
import { MailError, type Mailer } from '../../ports';

/** Errors that go away by themselves: worth another try later. */
const TRANSIENT = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'ServiceUnavailable', 'InternalFailure', 'AccountSendingPausedException']);

/** Anything shaped like an email address (SES quotes recipients in some refusals). */
const ADDRESS = /[^\s<>()"',;:]+@[^\s<>()"',;:]+/g;
const withoutAddresses = (text: string): string => text.replace(ADDRESS, '<address>');

/** SES tag values allow letters, digits, "_", "-", "." and "@" only. */
const tagValue = (value: string): string => value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

/** {@link Mailer} through SES SendRawEmail: our own MIME (shared/email/compose), sent in the configuration set. */
export function makeSesMailer({ ses, from, replyTo, configurationSet }: { ses: SESClient; from: Mailbox; replyTo?: string; configurationSet: string }): Mailer {
  return {
    async send(email) {
      const raw = compose({ from, replyTo: email.replyTo ?? replyTo, to: email.to, subject: email.subject, html: email.html, text: email.text, unsubscribeUrl: email.unsubscribeUrl });
      try {
        const out = await ses.send(
          new SendRawEmailCommand({
            RawMessage: { Data: raw },
            ConfigurationSetName: configurationSet,
            Tags: Object.entries(email.tags ?? {}).map(([Name, Value]) => ({ Name, Value: tagValue(Value) })),
          }),
        );
        if (!out.MessageId) throw new MailError('SES returned no message id', true);
        return out.MessageId;
      } catch (error) {
        if (error instanceof MailError) throw error;
        // The SDK error repeats SES's text in several fields: keep only what identifies the failure, so no address reaches a step, an event or a log.
        const { name, message, $metadata } = error as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
        throw new MailError(`SES refused the email: ${name}: ${withoutAddresses(message)}`, isTransient(error), {
          cause: { name, httpStatusCode: $metadata?.httpStatusCode, requestId: $metadata?.requestId },
        });
      }
    },
  };
}

/** A message that cannot be written (an address SES cannot take) fails the same way on every try. */
function compose(input: Parameters<typeof composeMime>[0]): Buffer {
  try {
    return composeMime(input);
  } catch (cause) {
    throw new MailError(`the email cannot be composed: ${(cause as Error).message}`, false, { cause });
  }
}

function isTransient(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  return TRANSIENT.has(e.name ?? '') || status === undefined || status >= 500 || status === 429;
}
