import { makeDynamoContactLog } from '../../shared/adapters/dynamodb/contact-log';
import { makeDynamoDuePage } from '../../shared/adapters/dynamodb/due-page';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { makeDynamoUpserveStore } from '../../shared/adapters/dynamodb/upserve-store';
import { productPageUrl } from '../../shared/config/products';
import { unsubscribeUrl } from '../../shared/domain/unsubscribe-token';
import type { Mailer } from '../../shared/ports';
import { onSchedule, type RunContext } from '../../shared/runtime/handler';
import { makeRateLimiter } from '../../shared/runtime/rate-limiter';
import { dispatchOutreach, type DispatchDeps } from './dispatch-outreach';
import { outreachEmail } from './outreach-email';
import { prepareUpserve } from './prepare-upserve';
import { sesMailer } from '../../shared/runtime/mail';
import { count, Counter } from '../../shared/runtime/metrics';

/** The dispatcher's ports on a runtime, with its secrets and the flow switches read; the mail goes through `mailer`. */
export async function dispatcherDeps({ runtime, now }: RunContext, mailer: Mailer = sesMailer(runtime)): Promise<DispatchDeps> {
  const { config } = runtime;
  const secret = await runtime.unsubscribeSecret();
  const pepper = await runtime.suppressionPepper();
  const baseUrl = runtime.unsubscribeBaseUrl();
  const catalog = runtime.catalog();
  const upserve = { upserve: makeDynamoUpserveStore(runtime), catalog, productUrl: (sku: string) => productPageUrl(config.upserve, config.brand.url, sku), now };
  return {
    queue: makeDynamoOutreachQueue(runtime),
    page: makeDynamoDuePage(runtime),
    contacts: makeDynamoContactLog(runtime),
    suppressions: makeDynamoSuppressionList({ ...runtime, pepper }),
    mailer,
    events: runtime.events,
    compose: (step, profile) =>
      outreachEmail(step, profile, {
        brand: config.brand,
        catalog,
        unsubscribeUrl: unsubscribeUrl(baseUrl, { customerId: profile.customerId, email: profile.email }, secret),
        winBackFrom: config.risk.winBack.from,
        sellers: config.sellers.directory,
      }),
    prepare: async (step, profile, sent) => (step.flow === 'upserve' ? prepareUpserve(step, profile, upserve, sent) : { action: 'send', step }),
    pace: makeRateLimiter(config.mail.sendRatePerSecond).take,
    rules: config.respect,
    retry: config.mail.retry,
    holdout: config.measure.holdout,
    maxPerRun: config.mail.maxPerRun,
    paused: await runtime.pausedFlows(now),
    now,
    onError: (error) => runtime.logger.error('step failed unexpectedly; retried after its lease', { error: error as Error }),
  };
}

/** Outreach dispatcher: on its schedule, sends the queued emails that are due, within the respect rules. */
export const handler = onSchedule(async (_invocation, context) => {
  const counts = await dispatchOutreach(await dispatcherDeps(context));
  // Sent, skipped and failed steps are counted as their facts reach the bus; deferrals and pauses publish none.
  count(Counter.EmailsDeferred, counts.deferred);
  count(Counter.EmailsPaused, counts.paused);
  return counts;
});
