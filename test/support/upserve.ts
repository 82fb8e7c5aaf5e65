import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { intakeDeps } from '../../functions/order-intake/handler';
import { intakeOrder } from '../../functions/order-intake/intake-order';
import { dispatchOutreach, type DispatchCounts, type DispatchDeps } from '../../functions/outreach-dispatcher/dispatch-outreach';
import { updateCoPurchase, type ModelRunResult } from '../../functions/upserve-model/update-co-purchase';
import { upserveModelDeps } from '../../functions/upserve-model/handler';
import { upservePlannerDeps } from '../../functions/upserve-planner/handler';
import { queueUpserve } from '../../functions/upserve-planner/plan-upserve';
import { readMailbox, type StoredEmail } from '../../infra/local/mailbox';
import { makeDynamoCoPurchaseStore } from '../../shared/adapters/dynamodb/co-purchase-store';
import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { customerPk, stepSk } from '../../shared/adapters/dynamodb/keys';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoUpserveStore } from '../../shared/adapters/dynamodb/upserve-store';
import { loadCatalog } from '../../shared/config/catalog';
import { DEFAULT_CONFIG_FILE } from '../../shared/config/config-file';
import type { UpserveConfig } from '../../shared/config/upserve';
import { DetailType, type FirstPurchaseDetected, type OrderPlaced, type OutreachSent, type OutreachSkipped } from '../../shared/contracts/events';
import type { EventPublisher } from '../../shared/ports';
import { anOrder } from './builders';
import { collectingPublisher, freshTable } from './local';
import { config, dispatcherDeps, everyoneMailed, localSes, testRuntime, type StoredStep } from './outreach';

/** The demo catalog: real products, complements, tips and a consumable. */
export const catalog = loadCatalog(path.resolve(path.dirname(DEFAULT_CONFIG_FILE), config.catalogFile));

/** An order line of a catalog product. */
export function line(sku: string): OrderPlaced['items'][number] {
  const product = catalog.products.find((p) => p.sku === sku);
  if (!product) throw new Error(`no product ${sku} in the demo catalog`);
  return { sku, name: product.name, category: product.category, quantity: 1, unitPrice: product.price };
}

/**
 * One test's up-serve world on a fresh table: the intake, the up-serve planner on what the intake
 * announces, the nightly model job and the dispatcher with its up-serve preparation, as the wiring connects them.
 */
export async function upserveWorld(options: { upserve?: Partial<UpserveConfig>; rules?: DispatchDeps['rules'] } = {}) {
  const table = await freshTable();
  const ses = localSes();
  const domain = `${randomUUID().slice(0, 8)}.example.com`;
  const events = collectingPublisher();
  const upserveConfig: UpserveConfig = { ...config.upserve, ...options.upserve };
  const stores = {
    customers: makeDynamoCustomerStore(table),
    queue: makeDynamoOutreachQueue(table),
    coPurchase: makeDynamoCoPurchaseStore(table),
    upserve: makeDynamoUpserveStore(table),
  };
  const runtime = testRuntime(table, { events, config: { ...everyoneMailed, upserve: upserveConfig } });

  return {
    table,
    events,
    ...stores,

    /** A valid order of `customerId` for these catalog skus, with an address in this world's domain. */
    order(customerId: string, orderId: string, placedAt: string, skus: string[]): OrderPlaced {
      const base = anOrder({ customerId, orderId, placedAt, items: skus.map(line) });
      return { ...base, customer: { ...base.customer, email: `${customerId}@${domain}` } };
    },

    /** The shop's `Order Placed`: intake, then the up-serve planner on the purchase it announced. */
    async place(order: OrderPlaced): Promise<void> {
      const purchases: FirstPurchaseDetected[] = [];
      const publisher: EventPublisher = {
        async publish(batch) {
          for (const { detailType, detail } of batch) {
            if (detailType === DetailType.FirstPurchaseDetected || detailType === DetailType.RepeatPurchaseDetected) purchases.push(detail as FirstPurchaseDetected);
          }
        },
      };
      const now = new Date(order.placedAt).toISOString();
      await intakeOrder(order, intakeDeps({ runtime: { ...runtime, events: publisher }, now }));
      for (const purchase of purchases) await queueUpserve(purchase, upservePlannerDeps({ runtime, now }));
    },

    /** One dispatcher run at `now`, picking up-serve content as the deployed dispatcher does (through `doc` when given, e.g. one counting calls). */
    async dispatch(now: string, rules = options.rules, doc = table.doc): Promise<DispatchCounts> {
      const deps = await dispatcherDeps(table, { now, doc, ses, events, config: runtime.config });
      return dispatchOutreach({ ...deps, rules: rules ?? deps.rules });
    },

    /** One run of the nightly model job at `now`. */
    model: (now: string): Promise<ModelRunResult> => updateCoPurchase(upserveModelDeps({ runtime, now })),

    /** A stored up-serve step of an order. */
    async step(customerId: string, orderId: string, stepId: string): Promise<StoredStep | undefined> {
      const key = { pk: customerPk(customerId), sk: stepSk({ flow: 'upserve', sequenceId: orderId, stepId }) };
      const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }));
      return Item as StoredStep | undefined;
    },

    /** The emails sent to one customer, in the order they were sent, with their step. */
    async mailsTo(customerId: string): Promise<(StoredEmail & { stepId: string; sequenceId: string })[]> {
      const mailbox = new Map((await readMailbox(inject('sesEndpoint'))).map((m) => [m.messageId, m]));
      return events
        .ofType(DetailType.OutreachSent)
        .map((e) => e.detail as OutreachSent)
        .filter((sent) => sent.customerId === customerId)
        .map((sent) => ({ ...mailbox.get(sent.messageId)!, stepId: sent.stepId, sequenceId: sent.sequenceId }));
    },

    /** Why each skipped step of a customer was skipped: `<sequenceId>/<stepId>` → reason. */
    skips: (customerId: string): Record<string, string> =>
      Object.fromEntries(
        events
          .ofType(DetailType.OutreachSkipped)
          .map((e) => e.detail as OutreachSkipped)
          .filter((s) => s.customerId === customerId)
          .map((s) => [`${s.sequenceId}/${s.stepId}`, s.reason]),
      ),
  };
}
