import { randomUUID } from 'node:crypto';
import { intakeDeps } from '../../functions/order-intake/handler';
import { intakeOrder } from '../../functions/order-intake/intake-order';
import { scorerDeps } from '../../functions/risk-scorer/handler';
import { scoreAtRiskCustomers, type ScoreDeps } from '../../functions/risk-scorer/score-at-risk-customers';
import { digestDeps } from '../../functions/seller-digest/handler';
import { sendSellerDigests, type DigestDeps } from '../../functions/seller-digest/send-seller-digests';
import { sellerDeskDeps } from '../../functions/seller-desk/handler';
import { handleSellerDesk } from '../../functions/seller-desk/seller-desk';
import { dispatchOutreach } from '../../functions/outreach-dispatcher/dispatch-outreach';
import { wonBackDeps } from '../../functions/won-back/handler';
import type { SESClient } from '@aws-sdk/client-ses';
import type { WinBackConfig } from '../../shared/config/risk';
import { markWonBack } from '../../functions/won-back/mark-won-back';
import { CapacityMeter } from '../../shared/adapters/dynamodb/capacity';
import { makeDynamoCustomerStore, makeDynamoRiskSchedule } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSellerDesk } from '../../shared/adapters/dynamodb/seller-desk';
import { loadConfigFile } from '../../shared/config/config-file';
import type { Seller } from '../../shared/config/schema';
import type { FlagRecord } from '../../shared/domain/digest';
import { DetailType, type OrderPlaced, type RepeatPurchaseDetected } from '../../shared/contracts/events';
import type { EventPublisher } from '../../shared/ports';
import { mailerThrough } from '../../shared/runtime/mail';
import { anOrder } from './builders';
import { collectingPublisher, freshTable } from './local';
import { dispatcherDeps, everyoneMailed, localSes, testRuntime } from './outreach';

const config = loadConfigFile();

import { testRiskModel, testRiskPolicy } from './risk-model';

/**
 * One test's at-risk world on a fresh table: two sellers with addresses no other test uses, the
 * intake with risk scheduling, the scorer, the won-back subscriber and the digest, wired to each
 * other as the event rules wire them. With a meter, every adapter reports the capacity it used.
 */
export async function riskWorld(options: { meter?: CapacityMeter; events?: EventPublisher; winBack?: Partial<WinBackConfig>; ses?: SESClient } = {}) {
  const table = await freshTable();
  const meter = options.meter;
  const own = { ...table, meter };
  const domain = `${randomUUID().slice(0, 8)}.example.com`;
  const sellers: Seller[] = [
    { id: 's-anna', name: 'Anna Berg', email: `anna@${domain}`, timeZone: 'Europe/Berlin' },
    { id: 's-kenji', name: 'Kenji Sato', email: `kenji@${domain}`, timeZone: 'Asia/Tokyo' },
  ];
  const events = collectingPublisher();
  const publisher = options.events ?? events;
  const runtime = Object.assign(
    testRuntime(table, {
      events: publisher,
      config: {
        ...everyoneMailed,
        risk: { ...config.risk, ...testRiskPolicy, winBack: { ...config.risk.winBack, ...options.winBack } },
        sellers: { defaultSellerId: 's-anna', directory: sellers },
      },
      riskModel: async () => testRiskModel,
    }),
    { meter },
  );
  const withEvents = { ...runtime, events };
  const stores = {
    customers: makeDynamoCustomerStore(own),
    queue: makeDynamoOutreachQueue(own),
    desk: makeDynamoSellerDesk(own),
    schedule: makeDynamoRiskSchedule(own),
  };
  const ses = options.ses ?? localSes();

  return {
    table,
    events,
    sellers,
    ...stores,
    /** An order of `customerId` for seller `sellerId`, `total` spent, placed at `placedAt`. */
    order(customerId: string, placedAt: string, { sellerId = 's-anna', total = 40, orderId = `${customerId}-${placedAt.slice(0, 10)}` }: { sellerId?: string; total?: number; orderId?: string } = {}): OrderPlaced {
      const base = anOrder({ customerId, orderId, placedAt, total });
      return { ...base, customer: { ...base.customer, name: `Name ${customerId}`, email: `${customerId}@${domain}`, sellerId } };
    },
    /** The shop's order: the intake, then the won-back subscriber on what it announced. */
    async place(order: OrderPlaced, now = order.placedAt) {
      const before = events.events.length;
      const result = await intakeOrder(order, intakeDeps({ runtime: withEvents, now }));
      for (const e of events.events.slice(before)) {
        if (e.detailType === DetailType.RepeatPurchaseDetected) await markWonBack(e.detail as RepeatPurchaseDetected, wonBackDeps({ runtime: withEvents, now }));
      }
      return result;
    },
    score: async (now: string, overrides: Partial<ScoreDeps> = {}) => scoreAtRiskCustomers({ ...(await scorerDeps({ runtime, now })), ...overrides }),
    /** One request to the seller pages at `now`, as their Function URL passes it. */
    sellerPage: async (request: { method: string; token: string | undefined; form?: Record<string, string> }, now: string) =>
      handleSellerDesk({ ...request, form: new URLSearchParams(request.form) }, await sellerDeskDeps({ runtime: withEvents, now })),
    /** One dispatcher run at `now` with this world's config: the win-backs that are due go out. */
    dispatch: async (now: string) => dispatchOutreach(await dispatcherDeps(table, { now, ses, events, config: runtime.config })),
    /** One digest run for both sellers; its lease clock is the run's time, so a test controls expiry. */
    digest: async (now: string, overrides: Partial<DigestDeps> = {}) =>
      sendSellerDigests({ ...(await digestDeps({ runtime: withEvents, now }, sellers, mailerThrough(ses, runtime.config))), allQuietNote: false, clock: () => now, ...overrides }),
  };
}

/** A meter to hand to {@link riskWorld}. */
export const newMeter = () => new CapacityMeter();

/** A flag of `customerId` for seller `sellerId`'s digest, as the scorer records it. */
export const aFlag = (sellerId: string, customerId: string, flaggedAt: string): FlagRecord => ({
  sellerId,
  customerId,
  customerName: `Name ${customerId}`,
  flaggedAt,
  score: 0.7,
  value: 100,
  expectedValue: 40,
  valueAtStake: 28,
  currency: 'EUR',
  occasions: 1,
  lastOrder: { orderId: `o-${customerId}`, placedAt: '2026-01-05T10:00:00.000Z', items: [{ name: 'Kind of Blue', quantity: 1 }] },
  reason: 'silent for long',
});
