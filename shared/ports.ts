import type { OrderPlaced, OutreachFlow, SkipReason } from './contracts/events';
import type { QueuedStep } from './domain/outreach';
import type { CustomerProfile } from './domain/purchase';

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
  /** The profile, read consistently, or undefined for a new customer. */
  getProfile(customerId: string): Promise<CustomerProfile | undefined>;
  /** Writes the profile if nobody else did since it was read (its `version`); false on a lost race. */
  saveProfile(profile: CustomerProfile): Promise<boolean>;
}

/** The outreach queue: steps wait in the due-date index until the dispatcher claims them. */
export interface OutreachQueue {
  /** Queues steps; a step already queued (same flow, sequence and step) is left as it is. */
  enqueue(steps: QueuedStep[]): Promise<void>;
  /** Steps of a customer still waiting, optionally only of one flow or sequence. */
  pending(customerId: string, filter?: { flow?: OutreachFlow; sequenceId?: string }): Promise<QueuedStep[]>;
  /** Keys of steps due at or before `now`, oldest first, at most `limit`. */
  due(now: string, limit: number): Promise<DueRef[]>;
  /** Takes a due step for sending until `leaseUntil`; undefined when someone else took it first. */
  claim(ref: DueRef, now: string, leaseUntil: string): Promise<QueuedStep | undefined>;
  /** Records the step as sent, for good. */
  markSent(step: QueuedStep, sent: { messageId: string; sentAt: string }): Promise<void>;
  /** Records the step as skipped with its reason, for good; false if it was no longer waiting. */
  markSkipped(step: QueuedStep, reason: SkipReason, at: string): Promise<boolean>;
  /** Records the step as failed with its reason, for good. */
  markFailed(step: QueuedStep, reason: string, at: string): Promise<void>;
  /** Puts the step back in the queue until `dueAt`, noting why (quiet hours, frequency cap, a retry). */
  reschedule(step: QueuedStep, dueAt: string, note: string): Promise<void>;
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

/** Addresses that must get no marketing mail: bounced, complained or unsubscribed. */
export interface SuppressionList {
  isSuppressed(email: string): Promise<boolean>;
  suppress(entry: { email: string; reason: 'unsubscribe' | 'bounce' | 'complaint'; at: string; customerId?: string; detail?: string }): Promise<void>;
}

/** An email ready to send. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** One-click unsubscribe link: marketing mail only. */
  unsubscribeUrl?: string;
  /** Message tags carried to SES feedback (e.g. the customer id), so a bounce finds its customer. */
  tags?: Record<string, string>;
}

/** Sends email (SES in AWS, the SES emulator locally). */
export interface Mailer {
  /** Sends and returns the message id; throws {@link MailError} when it cannot. */
  send(email: OutgoingEmail): Promise<string>;
}

/** A send that failed; `transient` ones (throttling, outages) are worth retrying later. */
export class MailError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MailError';
  }
}
