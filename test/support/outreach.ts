import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { cancelCustomerOrder, intakeOrder, type IntakeResult } from '../../functions/order-intake/intake-order';
import { dispatchOutreach, type DispatchCounts, type DispatchDeps } from '../../functions/outreach-dispatcher/dispatch-outreach';
import { dispatcherDeps as shippedDispatcherDeps } from '../../functions/outreach-dispatcher/handler';
import { intakeDeps } from '../../functions/order-intake/handler';
import { plannerDeps, routes as plannerRoutes } from '../../functions/outreach-planner/handler';
import type { PlanDeps } from '../../functions/outreach-planner/plan-outreach';
import { toBusEvent } from '../../infra/local/event-capture';
import { readMailbox, type StoredEmail } from '../../infra/local/mailbox';
import { localDynamoClient } from '../../infra/local/stand-ins';
import { makeDynamoContactLog } from '../../shared/adapters/dynamodb/contact-log';
import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { customerPk, stepSk } from '../../shared/adapters/dynamodb/keys';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { loadCatalog } from '../../shared/config/catalog';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../shared/config/config-file';
import type { LoyaltyConfig } from '../../shared/config/schema';
import type { FunctionConfig } from '../../shared/config/shipped';
import { DetailType, LOYALTY_SOURCE, type OrderPlaced } from '../../shared/contracts/events';
import { unsubscribeUrl } from '../../shared/domain/unsubscribe-token';
import type { EventPublisher, OutgoingEvent } from '../../shared/ports';
import { currentPausedFlows, currentRiskModel, type Runtime } from '../../shared/runtime/dependencies';
import { handleEvent } from '../../shared/runtime/handler';
import { mailerThrough } from '../../shared/runtime/mail';
import { anOrder } from './builders';
import { collectingPublisher, freshTable } from './local';

/** The shipped config: templates, brand and respect rules as deployed. */
export const config = loadConfigFile();
const catalog = loadCatalog(path.resolve(path.dirname(DEFAULT_CONFIG_FILE), config.catalogFile));

export const UNSUBSCRIBE_SECRET = 'outreach-test-secret';
export const UNSUBSCRIBE_BASE = 'https://loyalty.example.com/unsubscribe';
/** Where the digest's seller links point in tests: the seller-desk handler is called with their tokens directly. */
export const SELLER_DESK_BASE = 'https://loyalty.example.com/seller-desk';
/** The key of the hashed suppressions erasures leave, as the dispatcher holds it. */
export const SUPPRESSION_PEPPER = 'outreach-test-suppression-pepper';

type Table = Awaited<ReturnType<typeof freshTable>>;
/** Who gets the email in a stage. */
export type MailDeliveryRule = Pick<LoyaltyConfig['mail'], 'deliverTo' | 'allowList'>;

/** An outreach step as stored, with what the dispatcher recorded on it. */
export interface StoredStep {
  status: 'queued' | 'sending' | 'sent' | 'skipped' | 'failed';
  stepId: string;
  dueAt: string;
  attempts: number;
  notes: string[];
  sentAt?: string;
  messageId?: string;
  reason?: string;
}

/** An SES client for the emulator (or a proxy in front of it); `maxAttempts: 1` leaves retrying to the dispatcher. */
export const localSes = (endpoint: string = inject('sesEndpoint'), maxAttempts?: number): SESClient =>
  new SESClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts });

/** The link the dispatcher puts in every email to this customer. */
export const unsubscribeLink = (customerId: string, email: string): string => unsubscribeUrl(UNSUBSCRIBE_BASE, { customerId, email }, UNSUBSCRIBE_SECRET);

/** Options of one dispatcher run; clients left out are the dispatcher's own, as in a separate Lambda container. */
interface DispatcherOptions {
  now: string;
  /** The stage's delivery rule (`mail.deliverTo`, `mail.allowList`); the shipped config's when absent. */
  delivery?: MailDeliveryRule;
  /** The config it runs with; the shipped one with no holdout group (tests choose their customers) when absent. */
  config?: FunctionConfig;
  doc?: DynamoDBDocumentClient;
  ses?: SESClient;
  events?: DispatchDeps['events'];
  onError?: DispatchDeps['onError'];
}

/** A document client of its own, configured as the function runtime configures it. */
const ownDocClient = () => DynamoDBDocumentClient.from(localDynamoClient(inject('dynamoEndpoint')), { marshallOptions: { removeUndefinedValues: true } });

/** The shipped config with nobody held out: a test's customers get the emails it asserts on. */
export const everyoneMailed: LoyaltyConfig = { ...config, measure: { ...config.measure, holdout: { ...config.measure.holdout, share: 0 } } };

/**
 * One dispatcher run's dependencies, built by the dispatcher's own builder on a test runtime: its
 * table client, SES client and publisher, sending without pacing (a test sends a handful).
 */
export async function dispatcherDeps(
  table: Table,
  { now, doc = ownDocClient(), ses = localSes(), events = collectingPublisher(), onError, delivery = config.mail, config: base = everyoneMailed }: DispatcherOptions,
): Promise<DispatchDeps> {
  const runtime = testRuntime({ doc, tableName: table.tableName }, { events, config: { ...base, mail: { ...base.mail, ...delivery } } });
  const deps = await shippedDispatcherDeps({ runtime, now }, mailerThrough(ses, runtime.config));
  return { ...deps, pace: async () => {}, ...(onError && { onError }) };
}

/**
 * A function runtime on a test's table: what a cold start builds from the environment, with the
 * test's own table, publisher and config. The handlers' exported dependency builders take it, so
 * the tests drive the wiring that ships.
 */
export function testRuntime(table: Table, parts: Partial<Runtime> = {}): Runtime {
  return {
    config,
    catalog: () => catalog,
    doc: table.doc,
    tableName: table.tableName,
    events: collectingPublisher(),
    unsubscribeSecret: async () => UNSUBSCRIBE_SECRET,
    suppressionPepper: async () => SUPPRESSION_PEPPER,
    unsubscribeBaseUrl: () => UNSUBSCRIBE_BASE,
    sellerDeskUrl: () => SELLER_DESK_BASE,
    riskModel: currentRiskModel(table),
    pausedFlows: currentPausedFlows(table),
    logger: new Logger({ serviceName: 'loyalty-test', logLevel: 'SILENT' }),
    ...parts,
  };
}

/**
 * One test's second-sale world: a fresh table, a mail domain no other test uses, and the intake,
 * planner and dispatcher wired to each other as the event rules wire them.
 */
export async function outreachWorld(options: { secondSale?: LoyaltyConfig['secondSale']; ses?: SESClient; delivery?: MailDeliveryRule } = {}) {
  const table = await freshTable();
  const ses = options.ses ?? localSes();
  const domain = `${randomUUID().slice(0, 8)}.example.com`;
  const events = collectingPublisher();
  const errors: unknown[] = [];
  const stores = {
    queue: makeDynamoOutreachQueue(table),
    customers: makeDynamoCustomerStore(table),
    suppressions: makeDynamoSuppressionList(table),
  };
  const runtime = testRuntime(table, { events, config: { ...config, secondSale: options.secondSale ?? config.secondSale } });
  const planner = (now: string): PlanDeps => plannerDeps({ runtime, now });

  /** Hands our own events to the planner's routes, validated as its handler validates them. */
  const route = async (published: OutgoingEvent[], now: string) => {
    for (const { detailType, detail } of published) {
      if (Object.hasOwn(plannerRoutes, detailType)) await handleEvent(plannerRoutes, toBusEvent(LOYALTY_SOURCE, detailType, new Date(now).toISOString(), detail), runtime);
    }
  };
  const publishing = () => {
    const published: OutgoingEvent[] = [];
    const publisher: EventPublisher = {
      async publish(batch) {
        published.push(...batch);
        await events.publish(batch);
      },
    };
    return { published, publisher };
  };

  return {
    table,
    runtime,
    events,
    errors,
    ...stores,
    planner,
    email: (customerId: string) => `${customerId}@${domain}`,

    /** A valid order of `customerId`, with an address in this world's domain. */
    order(customerId: string, overrides: Partial<OrderPlaced> = {}, customer: Partial<OrderPlaced['customer']> = {}): OrderPlaced {
      const base = anOrder({ customerId, ...overrides });
      return { ...base, customer: { ...base.customer, email: `${customerId}@${domain}`, ...customer } };
    },

    /** The shop's `Order Placed`: intake, then the planner on what the intake announced. */
    async place(order: OrderPlaced, now = order.placedAt): Promise<IntakeResult> {
      const { published, publisher } = publishing();
      const result = await intakeOrder(order, intakeDeps({ runtime: { ...runtime, events: publisher }, now }));
      await route(published, now);
      return result;
    },

    /** The shop's `Order Cancelled`: the intake and the planner both receive it. */
    async cancel(customerId: string, orderId: string, cancelledAt: string): Promise<void> {
      const { published, publisher } = publishing();
      await cancelCustomerOrder({ customerId, orderId, cancelledAt }, intakeDeps({ runtime: { ...runtime, events: publisher }, now: cancelledAt }));
      await handleEvent(plannerRoutes, toBusEvent(config.bus.orderSource, DetailType.OrderCancelled, cancelledAt, { customerId, orderId, cancelledAt }), runtime);
      await route(published, cancelledAt);
    },

    /** One dispatcher run at `now`; unexpected step errors are kept for the test to assert on. */
    dispatch: async (now: string): Promise<DispatchCounts> =>
      dispatchOutreach(await dispatcherDeps(table, { now, doc: table.doc, ses, events, delivery: options.delivery, onError: (error) => errors.push(error) })),

    /** The stored second-sale step of a first order. */
    async step(customerId: string, orderId: string, stepId: string): Promise<StoredStep | undefined> {
      const key = { pk: customerPk(customerId), sk: stepSk({ flow: 'second-sale', sequenceId: orderId, stepId }) };
      const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }));
      return Item as StoredStep | undefined;
    },

    /** Emails the SES emulator holds for this world's addresses (the emulator is shared by every test file). */
    mails: async (): Promise<StoredEmail[]> => (await readMailbox(inject('sesEndpoint'))).filter((m) => m.to.some((to) => to.endsWith(`@${domain}`))),

    /** Event details of one type, as published by intake, planner, dispatcher, unsubscribe and feedback. */
    detailsOf: <T>(detailType: string): T[] => events.ofType(detailType).map((e) => e.detail as T),
  };
}

/** Successive ISO instants from `from` to `to` (inclusive), `minutes` apart: a schedule's run times. */
export function* every(minutes: number, from: string, to: string): Generator<string> {
  for (let t = Date.parse(from); t <= Date.parse(to); t += minutes * 60_000) yield new Date(t).toISOString();
}

/** Sums dispatcher counts across runs. */
export const addCounts = (a: DispatchCounts, b: DispatchCounts): DispatchCounts =>
  Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + b[k as keyof DispatchCounts]])) as DispatchCounts;

/** Counts of no run at all. */
export const noCounts = (): DispatchCounts => ({ sent: 0, skipped: 0, deferred: 0, retried: 0, failed: 0, unknown: 0, announced: 0, 'taken-by-another': 0, errored: 0, paused: 0 });
