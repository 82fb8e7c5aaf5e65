import { SESClient } from '@aws-sdk/client-ses';
import { makeSesMailer } from '../adapters/ses/mailer';
import type { Mailer } from '../ports';
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
    const { brand, mail } = runtime.config;
    mailer = makeSesMailer({ ses: countSdkCalls(new SESClient({})), from: `${brand.name} <${mail.sender}>`, replyTo: mail.replyTo, configurationSet: mail.configurationSet });
    mailers.set(runtime, mailer);
  }
  return mailer;
}
