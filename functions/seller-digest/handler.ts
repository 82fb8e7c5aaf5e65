import * as z from 'zod';
import { makeDynamoSellerDesk } from '../../shared/adapters/dynamodb/seller-desk';
import { isTimeZone } from '../../shared/contracts/events';
import type { Seller } from '../../shared/config/schema';
import type { Mailer } from '../../shared/ports';
import { InvalidEventError, onSchedule, type RunContext } from '../../shared/runtime/handler';
import { sendSellerDigests, type DigestDeps } from './send-seller-digests';
import { sesMailer } from '../../shared/runtime/mail';
import { count, Counter } from '../../shared/runtime/metrics';

/** Each digest schedule names the time zone whose sellers it serves (the wiring table's `input`). */
const DigestInvocation = z.object({ timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone') });

/** The digest's ports on a runtime, for the sellers of one run; the mail goes through `mailer`. */
export async function digestDeps({ runtime, now }: RunContext, sellers: readonly Seller[], mailer: Mailer = sesMailer(runtime)): Promise<DigestDeps> {
  const { config } = runtime;
  return {
    desk: makeDynamoSellerDesk(runtime),
    mailer,
    events: runtime.events,
    brand: config.brand,
    sellers,
    allQuietNote: config.risk.sellerDigest.allQuietNote,
    paused: (await runtime.pausedFlows(now)).has('digest'),
    now,
    clock: () => new Date().toISOString(),
    links: { baseUrl: runtime.sellerDeskUrl(), secret: await runtime.unsubscribeSecret(), validDays: config.risk.sellerDesk.linkValidDays },
    onError: (error) => runtime.logger.error('seller digest failed; the run is retried', { error: error as Error }),
  };
}

/** Seller digest: at the configured hour in each seller time zone, mails those sellers their at-risk digest. */
export const handler = onSchedule(async (invocation, context) => {
  const input = DigestInvocation.safeParse(invocation);
  if (!input.success) throw new InvalidEventError('(schedule)', ['timeZone: expected the IANA time zone of the sellers to serve']);
  const sellers = context.runtime.config.sellers.directory.filter((s) => s.timeZone === input.data.timeZone);
  const counts = await sendSellerDigests(await digestDeps(context, sellers));
  count(Counter.DigestsPaused, counts.paused);
  return counts;
});
