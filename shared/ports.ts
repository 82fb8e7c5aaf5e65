import type { FlowSwitched, OrderPlaced, OutreachFlow, SkipReason, SwitchableFlow } from './contracts/events';
import type { DigestRecord, FlagRecord, ReturnRecord } from './domain/digest';
import type { ActionRecord } from './domain/seller-action';
import type { FinishedStep } from './domain/measure/attribution';
import type { FlowTotals, TallyIncrement } from './domain/measure/tally';
import type { FlowUplift } from './domain/measure/uplift';
import type { QueuedStep } from './domain/outreach';
import type { ActiveOrder, CustomerProfile } from './domain/purchase';
import type { RelatedItem } from './domain/upserve/co-purchase';
import type { LoggedOrder, StoredBasket } from './domain/upserve/nightly';
import type { RiskModel } from './domain/risk/score';
import type { CustomerHistory } from './domain/risk/summary';
import { LoyaltyError } from './errors';

/** An event to put on our bus. */
export interface OutgoingEvent {
  detailType: string;
  detail: object;
  /** Event time: the business time it describes (virtual clock locally). */
  time: string;
}

/** Publishes our own events (EventBridge in AWS). */
export interface EventPublisher {
  publish(events: OutgoingEvent[]): Promise<void>;
}

/** An order as stored: the lines and total as placed, and whether it still counts. */
export interface StoredOrder {
  orderId: string;
  placedAt: string;
  status: 'active' | 'cancelled';
  currency: string;
  total: number;
  items: OrderPlaced['items'];
}

/** How storing an order went: new, already stored, or already cancelled before it arrived. */
export type OrderRecordResult = 'recorded' | 'exists' | 'cancelled';

/** Customers' profiles and orders. */
export interface CustomerStore {
  /** Stores the order once; a second call reports what is there. */
  recordOrder(order: OrderPlaced): Promise<OrderRecordResult>;
  /** Marks the order cancelled, storing a tombstone when the order has not arrived yet. */
  markOrderCancelled(customerId: string, orderId: string, cancelledAt: string): Promise<void>;
  /** A stored order (active or cancelled), or undefined. */
  getOrder(customerId: string, orderId: string): Promise<StoredOrder | undefined>;
  /** Every active order of the customer, without its lines: read only for orders the profile has folded. */
  activeOrders(customerId: string): Promise<ActiveOrder[]>;
  /** The profile, read consistently, or undefined for a new customer. */
  getProfile(customerId: string): Promise<CustomerProfile | undefined>;
  /** Several profiles, read consistently in batches, by customer id (new customers are absent). */
  getProfiles(customerIds: readonly string[]): Promise<Map<string, CustomerProfile>>;
  /** Writes the profile if nobody else did since it was read (its `version`); false on a lost race. */
  saveProfile(profile: CustomerProfile): Promise<boolean>;
}

/** A lease on one piece of work: only its holder may complete or give it back; it ends by itself at `until`. */
export interface Lease {
  holder: string;
  until: string;
}

/** What claiming a due step found. */
export type StepClaim =
  /** Another run holds the step, or it moved on since it was listed. */
  | { kind: 'taken' }
  /** Ours to handle; `interrupted` counts the claims before this one that ended without an outcome (crashes, unexpected errors). */
  | { kind: 'claimed'; step: QueuedStep; lease: Lease; interrupted: number }
  /** A run began handing the email to the mailer and never recorded what happened: it may or may not have gone out. */
  | { kind: 'outcome-unknown'; step: QueuedStep; lease: Lease }
  /** The outcome is recorded but its events were never confirmed as published. */
  | { kind: 'unannounced'; step: QueuedStep; lease: Lease; events: OutgoingEvent[] };

/** How a step ended for good. */
export type StepOutcome =
  | { status: 'sent'; messageId: string; sentAt: string; attempts: number }
  | { status: 'skipped'; reason: SkipReason }
  | { status: 'failed'; reason: string; attempts: number }
  | { status: 'unknown'; reason: string };

/**
 * A waiting step as a dispatcher run read it with its page, not claimed: a write on it holds only
 * while the step is still queued at that place in the index and nobody holds a lease on it.
 */
export interface SeenStep {
  dueSort: string;
  now: string;
}

/** What the dispatcher decides a page of due steps on, read together. */
export interface DuePage {
  profiles: Map<string, CustomerProfile>;
  contacts: Map<string, { sends: string[]; version: number }>;
  /** The suggestion keys already sent to each customer with an up-serve step on the page. */
  suggestionsSent: Map<string, Set<string>>;
  /** The step of `ref` (one of the page's) when it waits unclaimed and was never interrupted: decidable before any claim. */
  unclaimed(ref: DueRef): QueuedStep | undefined;
}

/** Reads a page of due steps with their customers' profiles and contact logs, consistently. */
export interface DuePageReader {
  read(page: readonly DueRef[], now: string): Promise<DuePage>;
}

/** The outreach queue: steps wait in the due-date index until the dispatcher claims them. */
export interface OutreachQueue {
  /** Queues steps; a step already queued (same flow, sequence and step) is left as it is. */
  enqueue(steps: QueuedStep[]): Promise<void>;
  /** Steps of a customer still waiting, optionally only of one flow or sequence. */
  pending(customerId: string, filter?: { flow?: OutreachFlow; sequenceId?: string }): Promise<QueuedStep[]>;
  /**
   * Keys of steps due at or before `now`, oldest first, at most `limit`, passing over the steps of
   * the `held` flows (paused ones), which stay where they are; `held` counts those passed over.
   */
  due(now: string, limit: number, options?: { held?: ReadonlySet<OutreachFlow> }): Promise<DueSteps>;
  /** Takes a due step under a new lease until `leaseUntil` (free, or its last lease ran out) and says in what state it was left. */
  claim(ref: DueRef, now: string, leaseUntil: string): Promise<StepClaim>;
  /**
   * Marks the step as being handed to the mailer, while `lease` holds and the step still waits; false
   * otherwise (then it must not be sent). From here on a lost outcome is unknown and never re-sent.
   */
  beginSend(step: QueuedStep, lease: Lease): Promise<boolean>;
  /**
   * Records the step's outcome for good together with the events that announce it, in one write; the
   * events stay on the step until {@link announced}. With `lease`, only while it holds; with a
   * {@link SeenStep}, only while the step is as seen and unleased; without (the planner ending a
   * sequence), only while the step still waits. The lease the announcement is kept under, or
   * undefined when the step was not the caller's to end.
   */
  finish(step: QueuedStep, outcome: StepOutcome, events: OutgoingEvent[], at: string, by?: Lease | SeenStep): Promise<Lease | undefined>;
  /** The finished step's events are published: it leaves the due index. */
  announced(step: QueuedStep, lease: Lease): Promise<void>;
  /**
   * Puts the step back in the queue until `dueAt`, noting why (quiet hours, frequency cap, a retry),
   * while `lease` holds, or while the step is as seen and unleased (a deferral needs no claim).
   * `interrupted` keeps this claim counted as one that ended without an outcome.
   */
  reschedule(step: QueuedStep, by: Lease | SeenStep, dueAt: string, note: string, options?: { interrupted?: boolean }): Promise<boolean>;
  /**
   * Moves a waiting step to `dueAt`, noting why (a seller's action), unless a run holds it at `now`
   * or it moved on; false then. Outside any lease: a dispatcher that listed the old place loses its claim.
   */
  retime(step: QueuedStep, dueAt: string, note: string, now: string): Promise<boolean>;
}

/** A fitted risk model as stored, with when and on how many customers it was fitted. */
export interface StoredRiskModel {
  model: RiskModel;
  fittedOn: string;
  customers: number;
  repeatCustomers: number;
}

/** The current at-risk model (one item, replaced by each fit). */
export interface RiskModelStore {
  latest(): Promise<StoredRiskModel | undefined>;
  save(stored: StoredRiskModel): Promise<void>;
}

/** Every customer's purchase history: what the weekly refit reads. */
export interface PurchaseHistories {
  all(): Promise<CustomerHistory[]>;
}

/** Customers waiting in the due-date index for the risk scorer. */
export interface RiskSchedule {
  /** Ids of customers whose check is due at or before `now`, earliest first. */
  due(now: string): Promise<string[]>;
  /** Parks a flagged customer (no check due), unless a new order moved their check since (`dueAt` no longer matches). */
  settle(customerId: string, dueAt: string): Promise<void>;
}

/** What each seller hears about: flags and returns by time, and the digests sent. */
export interface SellerDesk {
  /** Stores a flag under its seller (again is harmless). */
  recordFlag(flag: FlagRecord): Promise<void>;
  /** Stores a flagged customer's return under its seller (again is harmless). */
  recordReturn(back: ReturnRecord): Promise<void>;
  /** Stores a seller's action on a flag under the seller; the first record of a flag's action stays (again is harmless). */
  recordAction(action: ActionRecord): Promise<void>;
  /** A seller's actions on flags raised in (from, until], and their customers' returns in the same span: what came of them. */
  activity(sellerId: string, from: string, until: string): Promise<{ actions: ActionRecord[]; returns: ReturnRecord[] }>;
  /** A seller's flags and returns in (from, until]. */
  between(sellerId: string, from: string, until: string): Promise<{ flags: FlagRecord[]; returns: ReturnRecord[] }>;
  /**
   * The seller's digests from the newest back to the latest one sent, newest first: the next window
   * starts where that one ended, so the customers of a digest lost or of unknown outcome come again.
   */
  recentDigests(sellerId: string): Promise<StoredDigest[]>;
  /** Leases the digest unless a live lease holds it or it is settled and announced; what it holds, or undefined. */
  claimDigest(digest: DigestRecord, leaseUntil: string, now: string): Promise<{ digest: StoredDigest; lease: Lease } | undefined>;
  /** Marks a claimed digest as handed to the mailer, with its window and what it lists; false when the lease was lost. */
  beginDigestSend(digest: DigestRecord, listed: DigestListing, lease: Lease): Promise<boolean>;
  /** Records the outcome of a digest being sent and its events in one write; false when the lease was lost. */
  finishDigest(digest: DigestRecord, outcome: DigestOutcome, events: OutgoingEvent[], lease: Lease): Promise<boolean>;
  /** Drops the published events and gives the lease up. */
  digestAnnounced(digest: DigestRecord, lease: Lease): Promise<void>;
  /** Gives the lease up so a retry goes on at once; `unsent` takes a digest the mailer refused back to claimed. */
  releaseDigest(digest: DigestRecord, lease: Lease, options?: { unsent?: boolean }): Promise<void>;
}

/** How far a seller's digest got: `claimed` by a run, `sending` once handed to the mailer, then `sent`, `unknown` or `withheld` (the stage's allow-list refused the seller's address). */
export type DigestStatus = 'claimed' | 'sending' | 'sent' | 'unknown' | 'withheld';

/** Who a digest lists: customers newly at risk, ranked, and those who came back. */
export interface DigestListing {
  customerIds: string[];
  cameBackIds: string[];
}

/** What became of a digest handed to the mailer. */
export type DigestOutcome = { status: 'sent'; messageId: string } | { status: 'unknown'; reason: string } | { status: 'withheld'; reason: MailWithheldError['reason'] };

/** A seller's digest for one date as stored. */
export interface StoredDigest extends DigestRecord, DigestListing {
  status: DigestStatus;
  /** Events recorded with the outcome and not yet published. */
  outbox: OutgoingEvent[];
}

/** What a look at the due-date index found: the steps to work on, and how many due steps of held flows it passed over. */
export interface DueSteps {
  refs: DueRef[];
  held: number;
}

/** A step's place in the due-date index. */
export interface DueRef {
  customerId: string;
  key: string;
  dueSort: string;
}

/** Recent loyalty emails per customer, for the frequency cap. */
export interface ContactLog {
  /** Send times of the customer's recent loyalty emails and the log's version. */
  recent(customerId: string): Promise<{ sends: string[]; version: number }>;
  /** Adds a send to the `sends` read at `version`, if nobody wrote since; false on a lost race. */
  reserve(customerId: string, read: { sends: string[]; version: number }, at: string): Promise<boolean>;
  /** Takes back a reservation whose email could not be sent. */
  release(customerId: string, at: string): Promise<void>;
}

/** Addresses and customers that must get no marketing mail: bounced, complained or unsubscribed. */
export interface SuppressionList {
  /** True when the address is suppressed, or the customer (when named) opted out with any address. */
  isSuppressed(email: string, customerId?: string): Promise<boolean>;
  /** {@link isSuppressed} of several customers' addresses at once: the ids of those suppressed. */
  suppressedAmong(subjects: readonly { email: string; customerId: string }[]): Promise<Set<string>>;
  /**
   * Suppresses the address; an unsubscribe or complaint naming the customer suppresses the customer
   * too, so a later address of theirs gets nothing either. A bounce is the address's alone. True when
   * anything was newly suppressed, false when all of it already was.
   */
  suppress(entry: { email: string; reason: 'unsubscribe' | 'bounce' | 'complaint'; at: string; customerId?: string; detail?: string }): Promise<boolean>;
  /** The suppression items in clear of these addresses and of the customer's own opt-out (what an export shows). */
  entriesOf(emails: readonly string[], customerId: string): Promise<Record<string, unknown>[]>;
  /**
   * Suppresses the customer and their addresses for good under keyed hashes only, then deletes the
   * items in clear: what an erasure leaves, so they are never mailed again and nothing readable remains.
   */
  keepOnlyHashes(entry: { customerId: string; emails: readonly string[]; at: string }): Promise<void>;
}

/** One stored item about a customer: its kind (the item's `type`), its key and what it holds. */
export interface CustomerItem {
  kind: string;
  key: { pk: string; sk: string };
  data: Record<string, unknown>;
}

/** Every item about one customer, wherever it is keyed, for an export or an erasure (GDPR articles 15 and 17). */
export interface CustomerRecords {
  /** The items of the customer's own partition: profile, orders, steps, recent sends, up-serve keys and baskets, conversions, uplift markers. */
  own(customerId: string): Promise<CustomerItem[]>;
  /** Items keyed elsewhere that name the customer: flags, returns and digests under these sellers, their lines in these days' up-serve order logs. */
  mentions(customerId: string, where: { sellerIds: readonly string[]; logDays: readonly string[] }): Promise<CustomerItem[]>;
  /** Deletes the items, except that a seller digest only loses the customer from its lists; the profile goes last, so a rerun finds the rest. */
  erase(customerId: string, items: readonly CustomerItem[]): Promise<void>;
}

/** An email ready to send. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** One-click unsubscribe link: marketing mail only. */
  unsubscribeUrl?: string;
  /** Where replies go when not to the configured `mail.replyTo` (a win-back signed by the customer's seller). */
  replyTo?: string;
  /** Message tags carried to SES feedback (e.g. the customer id), so a bounce finds its customer. */
  tags?: Record<string, string>;
}

/** Sends email (SES in AWS, the SES emulator locally). */
export interface Mailer {
  /** Sends and returns the message id; throws {@link MailError} when it cannot. */
  send(email: OutgoingEmail): Promise<string>;
}

/** A send that failed; `transient` ones (throttling, outages) are worth retrying later. */
export class MailError extends LoyaltyError {
  override name = 'MailError';

  constructor(
    message: string,
    readonly transient: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A send the stage's delivery rule does not allow (`mail.deliverTo: allow-list`, the address not on
 * `mail.allowList`): nothing went out, and in this stage nothing ever will, so it is not retried.
 */
export class MailWithheldError extends MailError {
  override name = 'MailWithheldError';
  readonly reason = 'not-allowed-in-stage' satisfies SkipReason;

  constructor() {
    super("the address is not on this stage's mail.allowList", false);
  }
}

/** What up-serve knows about one customer when it picks suggestions, and the suggestions already sent. */
export interface UpserveStore {
  /** sku → when the customer last bought it, over their active orders. */
  owned(customerId: string): Promise<Record<string, string>>;
  /** Keys of the suggestions sent to the customer so far. */
  sentKeys(customerId: string): Promise<Set<string>>;
  /** Records `keys` as sent unless one of them already is; false when a concurrent send took one first. */
  reserveKeys(customerId: string, keys: readonly string[]): Promise<boolean>;
  /** Takes back keys whose email could not be sent. */
  releaseKeys(customerId: string, keys: readonly string[]): Promise<void>;
  /** The stored bought-together items of each sku, best first (skus without any are absent). */
  related(skus: readonly string[]): Promise<Record<string, RelatedItem[]>>;
}

/** The bought-together model's storage: the daily order log, baskets, counts, related items and totals. */
export interface CoPurchaseStore {
  /** Adds an order to the log of `day` (again is harmless). */
  logOrder(day: string, order: LoggedOrder): Promise<void>;
  /** The orders logged on `day`. */
  loggedOrders(day: string): Promise<LoggedOrder[]>;
  /** Basket count, per-product basket counts and the last day applied; undefined before the first run. */
  totals(): Promise<CoPurchaseTotals | undefined>;
  /** Replaces the totals: written last in a day's work, it moves the model on to the next day. */
  saveTotals(totals: CoPurchaseTotals): Promise<void>;
  /** Stored baskets by basket id (`<customerId>#<yyyy>Q<q>`). */
  baskets(ids: readonly string[]): Promise<Map<string, StoredBasket>>;
  /** Writes baskets for `day`, leaving any already written for it. */
  saveBaskets(day: string, baskets: ReadonlyMap<string, Omit<StoredBasket, 'appliedThrough'>>): Promise<void>;
  /** Each product's partner counts (sku → baskets holding both) and the last day applied. */
  counts(skus: readonly string[]): Promise<Map<string, ProductCounts>>;
  /** Writes a product's counts for `day` unless a row for `day` is there already (then false). */
  saveCounts(sku: string, day: string, counts: ProductCounts): Promise<boolean>;
  /** Replaces the related items of each product given, in batches. */
  saveRelated(related: ReadonlyMap<string, readonly RelatedItem[]>, computedAt: string): Promise<void>;
}

/** Model-wide counts: baskets seen, baskets per product, and the last log day applied. */
export interface CoPurchaseTotals {
  baskets: number;
  items: Record<string, number>;
  appliedThrough: string;
}

/** One product's partner counts, as stored. */
export interface ProductCounts {
  co: Record<string, number>;
  appliedThrough?: string;
}

/** A customer's finished outreach steps, read for attribution, and the once-per-order conversion record. */
export interface ConversionLedger {
  /** The customer's sent and skipped outreach steps (kept two years as contact history). */
  finishedSteps(customerId: string): Promise<FinishedStep[]>;
  /** Records that the order's conversion is announced; false when it already was (a redelivered order). */
  claim(customerId: string, orderId: string, at: string): Promise<boolean>;
  /** Gives the claim back when the announcement could not be published, so a retry publishes it. */
  release(customerId: string, orderId: string): Promise<void>;
}

/** Running uplift totals per flow, and the daily uplift written from them. */
export interface UpliftTotals {
  /** Applies an increment once; false when its `once` key was counted before (a redelivered event). */
  add(increment: TallyIncrement, at: string): Promise<boolean>;
  /** Both groups' totals of each flow (zeros before the first event). */
  totals(flows: readonly OutreachFlow[]): Promise<Map<OutreachFlow, FlowTotals>>;
  /** Stores the uplift of `date` and as the latest. */
  saveUplift(date: string, uplift: FlowUplift[], at: string): Promise<void>;
}

/** The last switch recorded for a flow: paused or not, and when the operator switched it. */
export type FlowSwitch = Pick<FlowSwitched, 'paused' | 'at'>;

/** The flows operators paused and resumed at run time (`npm run flow`), one record for all. */
export interface FlowSwitches {
  /** Records the switch unless one as late or later is recorded for its flow (then false: out of order or redelivered). */
  record(change: FlowSwitched): Promise<boolean>;
  /** The last switch of each flow ever switched. */
  current(): Promise<Partial<Record<SwitchableFlow, FlowSwitch>>>;
}
