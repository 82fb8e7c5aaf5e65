import { DetailType, LOYALTY_SOURCE, OPS_SOURCE, SesDetailType } from '../shared/contracts/events';
import type { LoyaltyConfig } from '../shared/config/schema';
import { OUTREACH_DUE, RISK_DUE, type Partition } from '../shared/contracts/table';
import { dailyCronAt, type Schedule } from '../shared/config/schedule';

/** Where a triggering event comes from: the shop's order source, our own bus, operators (on our bus), or SES feedback. */
export type EventOrigin = 'orders' | 'loyalty' | 'ops' | 'ses';

/**
 * What a function may do on the table: read actions on `reads`, write actions on `writes`, each
 * limited to those partitions' key prefixes; a Query on the keys-only due index when `dueIndex`;
 * BatchWriteItem when `batchWrites`.
 */
export interface TableAccess {
  reads: Partition[];
  writes: Partition[];
  dueIndex?: boolean;
  /** Also puts whole items 25 per BatchWriteItem on `writes` (items simply replaced, no condition). */
  batchWrites?: boolean;
}

/** What invokes a function. */
export type Trigger =
  | { kind: 'event'; origin: EventOrigin; detailTypes: string[] }
  | { kind: 'schedule'; name: string; schedule: Schedule; input?: Record<string, unknown> }
  | { kind: 'url' }
  /** Invoked by operators only (`aws lambda invoke`): no rule, schedule or URL reaches it. */
  | { kind: 'operator' };

/** One function: its folder under `functions/`, what triggers it and what it may touch. */
export interface FunctionWiring {
  id: string;
  description: string;
  triggers: Trigger[];
  /** The partitions it reads and writes, and whether it queries the due index: its grants in AWS. */
  table: TableAccess;
  publishesEvents?: boolean;
  sendsEmail?: boolean;
  /** Reads the unsubscribe HMAC secret (signs or checks links). */
  usesUnsubscribeSecret?: boolean;
  /** Reads the pepper of hashed suppressions (checks or writes what an erasure leaves). */
  usesSuppressionPepper?: boolean;
  timeoutSeconds?: number;
  /** At most this many run at once (the dispatcher runs alone, so its pacing is the send rate). */
  maxConcurrency?: number;
  /**
   * The due-index partition a scheduled job works through, when that is all it does. The local
   * virtual clock skips its ticks while nothing there is due, which changes no outcome.
   */
  drainsDue?: string;
}

/** Maps a trigger's origin to the `source` its rule matches. */
export const sourceOf = (origin: EventOrigin, config: LoyaltyConfig): string =>
  ({ orders: config.bus.orderSource, loyalty: LOYALTY_SOURCE, ops: OPS_SOURCE, ses: 'aws.ses' })[origin];

/**
 * THE table of functions and their triggers. The CDK stack builds rules, schedules and grants from it;
 * the local runner routes events and fires schedules from it. Adding a function is adding a row.
 */
export function wiring(config: LoyaltyConfig): FunctionWiring[] {
  return [
    {
      id: 'order-intake',
      description: 'Records orders and cancellations; detects first and repeat purchases',
      triggers: [{ kind: 'event', origin: 'orders', detailTypes: [DetailType.OrderPlaced, DetailType.OrderCancelled] }],
      table: { reads: ['customer', 'model'], writes: ['customer'] },
      publishesEvents: true,
    },
    {
      id: 'outreach-planner',
      description: 'Queues the second-sale sequence on a first purchase; ends it on a new order or a cancellation',
      triggers: [
        { kind: 'event', origin: 'loyalty', detailTypes: [DetailType.FirstPurchaseDetected, DetailType.RepeatPurchaseDetected] },
        { kind: 'event', origin: 'orders', detailTypes: [DetailType.OrderCancelled] },
      ],
      table: { reads: ['customer'], writes: ['customer'] },
      publishesEvents: true,
    },
    {
      id: 'outreach-dispatcher',
      description: 'Sends due outreach emails within consent, suppression, quiet hours, frequency cap and send rate',
      triggers: [{ kind: 'schedule', name: 'outreach-dispatcher', schedule: config.schedules.outreachDispatcher }],
      table: { reads: ['customer', 'product', 'suppression', 'ops'], writes: ['customer'], dueIndex: true },
      publishesEvents: true,
      sendsEmail: true,
      usesUnsubscribeSecret: true,
      usesSuppressionPepper: true,
      timeoutSeconds: 300,
      maxConcurrency: 1,
      drainsDue: OUTREACH_DUE,
    },
    {
      id: 'upserve-planner',
      description: 'After every purchase: logs the order for the bought-together model, queues up-serve suggestions and restock reminders',
      triggers: [{ kind: 'event', origin: 'loyalty', detailTypes: [DetailType.FirstPurchaseDetected, DetailType.RepeatPurchaseDetected] }],
      table: { reads: ['customer'], writes: ['customer', 'upserve'] },
    },
    {
      id: 'upserve-model',
      description: 'Nightly: adds the new days of the order log to the bought-together counts and rewrites related items',
      triggers: [{ kind: 'schedule', name: 'upserve-model', schedule: config.upserve.modelSchedule }],
      table: { reads: ['customer', 'upserve', 'product'], writes: ['customer', 'upserve', 'product'], batchWrites: true },
      timeoutSeconds: 900,
      // One run at a time: each day of the log is applied once, in order.
      maxConcurrency: 1,
    },
    {
      id: 'unsubscribe',
      description: 'One-click unsubscribe endpoint: verifies the signed link and suppresses the address',
      triggers: [{ kind: 'url' }],
      table: { reads: ['customer'], writes: ['customer', 'suppression'] },
      publishesEvents: true,
      usesUnsubscribeSecret: true,
      // A flood of requests to the public URL costs at most this many concurrent executions.
      maxConcurrency: 5,
    },
    {
      id: 'ses-feedback',
      description: 'Suppresses addresses that bounced permanently or complained',
      triggers: [{ kind: 'event', origin: 'ses', detailTypes: [SesDetailType.Bounce, SesDetailType.Complaint] }],
      table: { reads: ['customer'], writes: ['customer', 'suppression'] },
      publishesEvents: true,
    },
    {
      id: 'conversion-attribution',
      description: "Credits each order to the flow whose email (or held-out step) came last before it within the flow's window",
      triggers: [{ kind: 'event', origin: 'orders', detailTypes: [DetailType.OrderPlaced] }],
      table: { reads: ['customer'], writes: ['customer'] },
      publishesEvents: true,
    },
    {
      id: 'uplift-tally',
      description: "Keeps each flow's running totals of mailed and held-out touches, conversions and revenue",
      triggers: [{ kind: 'event', origin: 'loyalty', detailTypes: [DetailType.OutreachSent, DetailType.OutreachSkipped, DetailType.ConversionAttributed] }],
      table: { reads: [], writes: ['customer', 'measure'] },
    },
    {
      id: 'uplift-report',
      description: "Daily: writes each flow's uplift with its 95% interval from the running totals",
      triggers: [{ kind: 'schedule', name: 'uplift-report', schedule: config.measure.upliftSchedule }],
      table: { reads: ['measure'], writes: ['measure'] },
    },
    {
      id: 'customer-privacy',
      description: 'Exports or erases one customer (GDPR articles 15 and 17); an erased customer stays suppressed under hashes only',
      triggers: [{ kind: 'operator' }],
      table: { reads: ['customer', 'seller', 'upserve', 'suppression'], writes: ['customer', 'seller', 'upserve', 'suppression'] },
      publishesEvents: true,
      usesSuppressionPepper: true,
      timeoutSeconds: 300,
    },
    {
      id: 'flow-switch',
      description: 'Records an operator pausing or resuming a flow (npm run flow); the dispatcher and the digest read it within a minute',
      triggers: [{ kind: 'event', origin: 'ops', detailTypes: [DetailType.FlowSwitched] }],
      // One conditional update of its one item: it reads nothing.
      table: { reads: [], writes: ['ops'] },
    },
    ...(config.risk.enabled ? riskRows(config) : []),
  ];
}

/** At risk → seller first → win-back: the weekly fit, the daily scorer, the digests and the won-back subscriber. */
function riskRows(config: LoyaltyConfig): FunctionWiring[] {
  const { risk } = config;
  return [
    {
      id: 'risk-model',
      description: 'Refits the BG/NBD model and the at-risk score on every customer history',
      triggers: [{ kind: 'schedule', name: 'risk-model', schedule: risk.modelSchedule }],
      table: { reads: ['customer', 'model'], writes: ['model'], dueIndex: true },
      timeoutSeconds: 900,
    },
    {
      id: 'risk-scorer',
      description: 'Checks the customers whose risk check is due; flags those at risk and queues their win-back',
      triggers: [{ kind: 'schedule', name: 'risk-scorer', schedule: risk.scorerSchedule }],
      table: { reads: ['customer', 'model'], writes: ['customer', 'seller'], dueIndex: true },
      publishesEvents: true,
      timeoutSeconds: 900,
      maxConcurrency: 1,
      drainsDue: RISK_DUE,
    },
    {
      id: 'seller-digest',
      description: "Mails each seller their customers newly at risk and those who came back, at the seller's local hour",
      triggers: digestTimeZones(config).map((timeZone) => ({
        kind: 'schedule' as const,
        name: `seller-digest-${timeZone.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`,
        schedule: { cron: dailyCronAt(risk.sellerDigest.at), timeZone, enabled: true },
        input: { timeZone },
      })),
      table: { reads: ['seller', 'ops'], writes: ['seller'] },
      publishesEvents: true,
      sendsEmail: true,
      // Signs the links to the seller pages.
      usesUnsubscribeSecret: true,
      timeoutSeconds: 300,
    },
    {
      id: 'seller-desk',
      description: "Seller pages linked from the digest: a customer card (GET) and the seller's action on a flag (POST)",
      triggers: [{ kind: 'url' }],
      table: { reads: ['customer', 'suppression', 'model'], writes: ['customer', 'seller'] },
      publishesEvents: true,
      usesUnsubscribeSecret: true,
      // A flood of requests to the public URL costs at most this many concurrent executions.
      maxConcurrency: 5,
    },
    {
      id: 'won-back',
      description: 'Marks a flagged customer who ordered again as won back: skips their win-back email, tells the seller',
      triggers: [{ kind: 'event', origin: 'loyalty', detailTypes: [DetailType.RepeatPurchaseDetected] }],
      table: { reads: ['customer'], writes: ['customer', 'seller'] },
      publishesEvents: true,
    },
  ];
}

/** One digest schedule per distinct seller time zone, so every seller's digest comes at their own local hour. */
const digestTimeZones = (config: LoyaltyConfig): string[] => [...new Set(config.sellers.directory.map((s) => s.timeZone))].sort();
