import * as z from 'zod';
import { makeDynamoSellerDesk } from '../../shared/adapters/dynamodb/seller-desk';
import { isTimeZone } from '../../shared/contracts/events';
import { InvalidEventError, onSchedule } from '../../shared/runtime/handler';
import { sendSellerDigests } from './send-seller-digests';
import { sesMailer } from '../../shared/runtime/mail';
import { count, Counter } from '../../shared/runtime/metrics';

/** Each digest schedule names the time zone whose sellers it serves (the wiring table's `input`). */
const DigestInvocation = z.object({ timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone') });

/** Seller digest: at the configured hour in each seller time zone, mails those sellers their at-risk digest. */
export const handler = onSchedule(async (invocation, { runtime, now }) => {
  const input = DigestInvocation.safeParse(invocation);
  if (!input.success) throw new InvalidEventError('(schedule)', ['timeZone: expected the IANA time zone of the sellers to serve']);
  const { config } = runtime;
  const counts = await sendSellerDigests({
    desk: makeDynamoSellerDesk(runtime),
    mailer: sesMailer(runtime),
    events: runtime.events,
    brand: config.brand,
    sellers: config.sellers.directory.filter((s) => s.timeZone === input.data.timeZone),
    allQuietNote: config.risk.sellerDigest.allQuietNote,
    paused: (await runtime.pausedFlows(now)).has('digest'),
    now,
    clock: () => new Date().toISOString(),
    onError: (error) => runtime.logger.error('seller digest failed; the run is retried', { error: error as Error }),
  });
  count(Counter.DigestsPaused, counts.paused);
  return counts;
});
