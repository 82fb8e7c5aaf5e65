import { SESClient } from '@aws-sdk/client-ses';
import { makeSesMailer } from '../adapters/ses/mailer';
import type { LoyaltyConfig } from '../config/schema';
import { MailWithheldError, type Mailer } from '../ports';
import type { Runtime } from './dependencies';
import { countSdkCalls } from './sdk-calls';

const mailers = new WeakMap<Runtime, Mailer>();

/**
 * The SES mailer of a runtime, built on first use. Apart from the runtime, so that only functions
 * that send mail carry the MIME composer in their bundle.
 */
export function sesMailer(runtime: Runtime): Mailer {
  let mailer = mailers.get(runtime);
  if (!mailer) {
    mailer = mailerThrough(countSdkCalls(new SESClient({})), runtime.config);
    mailers.set(runtime, mailer);
  }
  return mailer;
}

/** The stage's mailer through one SES client: sender, reply-to, configuration set and delivery rule from the config. */
export function mailerThrough(ses: SESClient, { brand, mail }: Pick<LoyaltyConfig, 'brand' | 'mail'>): Mailer {
  return withStageDelivery(makeSesMailer({ ses, from: { name: brand.name, address: mail.sender }, replyTo: mail.replyTo, configurationSet: mail.configurationSet }), mail);
}

/** The SES mailbox simulator's address that accepts every email: nothing reaches a person, nothing counts against reputation. */
export const SES_SIMULATOR_ADDRESS = 'success@simulator.amazonses.com';

/**
 * Applies the stage's `mail.deliverTo` to every email, in the one mailer the dispatcher and the digest
 * both send through: to its recipient, only to addresses on `mail.allowList` (others are refused with
 * {@link MailWithheldError}, which the senders record as skipped, not sent), or to the SES simulator.
 */
export function withStageDelivery(mailer: Mailer, { deliverTo, allowList }: Pick<LoyaltyConfig['mail'], 'deliverTo' | 'allowList'>): Mailer {
  if (deliverTo === 'recipients') return mailer;
  if (deliverTo === 'simulator') return { send: (email) => mailer.send({ ...email, to: SES_SIMULATOR_ADDRESS }) };
  const allowed = new Set(allowList.map((entry) => entry.toLowerCase()));
  return {
    async send(email) {
      const address = email.to.toLowerCase();
      if (!allowed.has(address) && !allowed.has(address.slice(address.lastIndexOf('@')))) throw new MailWithheldError();
      return mailer.send(email);
    },
  };
}
