import { DetailType, type OutreachFailed, type OutreachSent, type OutreachSkipped, type SkipReason, type StepRef } from '../../shared/contracts/events';
import { decideDelivery, type QueuedStep, type RespectRules } from '../../shared/domain/outreach';
import type { CustomerProfile } from '../../shared/domain/purchase';
import { addDays } from '../../shared/domain/time';
import { MailError, type ContactLog, type CustomerStore, type DueRef, type EventPublisher, type Mailer, type OutgoingEmail, type OutreachQueue, type SuppressionList } from '../../shared/ports';
import { tallyOutcomes } from '../../shared/runtime/in-groups';
import { PayloadError } from './outreach-email';

/** Ports and settings of one dispatcher run; `now` is the scheduled time. */
export interface DispatchDeps {
  queue: OutreachQueue;
  customers: CustomerStore;
  contacts: ContactLog;
  suppressions: SuppressionList;
  mailer: Mailer;
  events: EventPublisher;
  /** Renders a step for its customer; throws {@link PayloadError} for a payload that does not fit. */
  compose: (step: QueuedStep, profile: CustomerProfile) => OutgoingEmail;
  /**
   * Completes a step from the customer's state just before it is sent (up-serve picks its suggestions
   * then), or skips it; throws {@link PayloadError} for a payload that does not fit. Without it, steps go as queued.
   */
  prepare?: (step: QueuedStep, profile: CustomerProfile) => Promise<Prepared>;
  /** Resolves when the next send may start (the configured send rate). */
  pace: () => Promise<void>;
  rules: RespectRules;
  maxPerRun: number;
  now: string;
  /** Told about a step that failed unexpectedly (it stays leased and is retried later). */
  onError?: (error: unknown) => void;
}

/** A step made ready to send, with what to undo if the send fails; or skipped for good, with the reason. */
export type Prepared = { action: 'send'; step: QueuedStep; release?: () => Promise<void> } | { action: 'skip'; reason: SkipReason };

/** What one run did, per outcome. */
export type DispatchCounts = Record<'sent' | 'skipped' | 'deferred' | 'retried' | 'failed' | 'taken-by-another' | 'errored', number>;

/** A claimed step is ours this long; after that another run may take it (a crashed run loses nothing). */
const LEASE_MINUTES = 15;
/** Transient failures are retried on later runs, backing off, up to this many attempts. */
const MAX_ATTEMPTS = 6;
/** Steps processed at once: enough to keep SES busy, few enough to keep the pacing smooth. */
const IN_FLIGHT = 8;

const minutes = (n: number) => n / (24 * 60);
const ref = ({ customerId, sellerId, flow, kind, sequenceId, stepId }: QueuedStep): StepRef => ({ customerId, sellerId, flow, kind, sequenceId, stepId });

/**
 * Sends what is due: reads only the due-date index, claims each step with a conditional write (so
 * racing runs never send one step twice), applies consent, suppression, exit conditions, quiet hours
 * and the frequency cap, sends through the mailer, and records every outcome on the step.
 */
export async function dispatchOutreach(deps: DispatchDeps): Promise<DispatchCounts> {
  const counts: DispatchCounts = { sent: 0, skipped: 0, deferred: 0, retried: 0, failed: 0, 'taken-by-another': 0, errored: 0 };
  const due = await deps.queue.due(deps.now, deps.maxPerRun);
  // A step that errors unexpectedly keeps its lease until it runs out; a later run retries it.
  return tallyOutcomes(due, (dueRef) => dispatchOne(dueRef, deps), counts, { onError: deps.onError, inFlight: IN_FLIGHT });
}

async function dispatchOne(dueRef: DueRef, deps: DispatchDeps): Promise<keyof DispatchCounts> {
  const { queue, now } = deps;
  // Read alongside the claim: a lost race wastes two reads, every won one saves two round trips.
  const [step, profile, contacts] = await Promise.all([
    queue.claim(dueRef, now, addDays(now, minutes(LEASE_MINUTES))),
    deps.customers.getProfile(dueRef.customerId),
    deps.contacts.recent(dueRef.customerId),
  ]);
  if (!step) return 'taken-by-another';
  const suppressed = profile ? await deps.suppressions.isSuppressed(profile.email) : false;
  const decision = decideDelivery({ step, profile, suppressed, recentSends: contacts.sends, now, rules: deps.rules });
  if (decision.action === 'skip') return skip(step, decision.reason, deps);
  if (decision.action === 'defer') {
    await queue.reschedule(step, decision.until, `${decision.reason} until ${decision.until}`);
    return 'deferred';
  }
  let prepared: Prepared = { action: 'send', step };
  try {
    if (deps.prepare) prepared = await deps.prepare(step, profile!);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    return fail(step, error, deps);
  }
  if (prepared.action === 'skip') return skip(step, prepared.reason, deps);
  // Reserving the send in the contact log is what makes the frequency cap hold under racing runs.
  if (!(await deps.contacts.reserve(step.customerId, contacts, now))) {
    await prepared.release?.();
    await queue.reschedule(step, now, 'contact log changed concurrently');
    return 'deferred';
  }
  return send(prepared, profile!, deps);
}

async function send({ step, release }: Extract<Prepared, { action: 'send' }>, profile: CustomerProfile, deps: DispatchDeps): Promise<keyof DispatchCounts> {
  const { queue, now } = deps;
  let messageId: string;
  try {
    const email = deps.compose(step, profile);
    await deps.pace();
    messageId = await deps.mailer.send(email);
  } catch (error) {
    await Promise.all([deps.contacts.release(step.customerId, now), release?.()]);
    const attempts = step.attempts + 1;
    const retry = error instanceof MailError && error.transient && attempts < MAX_ATTEMPTS;
    if (retry) {
      await queue.reschedule({ ...step, attempts }, addDays(now, minutes(2 ** attempts)), `retry ${attempts}: ${(error as Error).message}`);
      return 'retried';
    }
    if (!(error instanceof MailError || error instanceof PayloadError)) throw error;
    return fail(step, error, deps);
  }
  // The email is out: from here nothing is given back, whatever fails.
  const detail: OutreachSent = { ...ref(step), messageId, sentAt: now };
  await Promise.all([queue.markSent(step, { messageId, sentAt: now }), deps.events.publish([{ detailType: DetailType.OutreachSent, detail, time: now }])]);
  return 'sent';
}

/** Marks a step failed for good and says why, on the step and as an event. */
async function fail(step: QueuedStep, error: Error, deps: DispatchDeps): Promise<'failed'> {
  const attempts = step.attempts + 1;
  await deps.queue.markFailed({ ...step, attempts }, error.message, deps.now);
  const detail: OutreachFailed = { ...ref(step), reason: error.message, failedAt: deps.now, attempts };
  await deps.events.publish([{ detailType: DetailType.OutreachFailed, detail, time: deps.now }]);
  return 'failed';
}

/** Marks a step skipped for good and says why, on the step and as an event. */
export async function skip(step: QueuedStep, reason: SkipReason, deps: Pick<DispatchDeps, 'queue' | 'events' | 'now'>): Promise<'skipped'> {
  if (await deps.queue.markSkipped(step, reason, deps.now)) {
    const detail: OutreachSkipped = { ...ref(step), reason, skippedAt: deps.now };
    await deps.events.publish([{ detailType: DetailType.OutreachSkipped, detail, time: deps.now }]);
  }
  return 'skipped';
}
