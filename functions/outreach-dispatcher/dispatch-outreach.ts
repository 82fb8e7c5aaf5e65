import type { RetryPolicy } from '../../shared/config/schema';
import { DetailType, OutreachFlow, type OutreachFailed, type SwitchableFlow, type OutreachOutcomeUnknown, type OutreachSent, type SkipReason } from '../../shared/contracts/events';
import { isHeldOut, type HoldoutRule } from '../../shared/domain/measure/holdout';
import { decideDelivery, type Delivery, type QueuedStep, type RespectRules } from '../../shared/domain/outreach';
import type { CustomerProfile } from '../../shared/domain/purchase';
import { addDays, addMinutes } from '../../shared/domain/time';
import {
  MailError,
  MailWithheldError,
  type ContactLog,
  type DuePage,
  type DuePageReader,
  type DueRef,
  type EventPublisher,
  type Lease,
  type Mailer,
  type OutgoingEmail,
  type OutgoingEvent,
  type OutreachQueue,
  type SeenStep,
  type SuppressionList,
} from '../../shared/ports';
import { inGroups, tallyOutcomes } from '../../shared/concurrency/in-groups';
import { announceStep, endStep, skip, stepRef, type EndStepDeps } from '../../shared/use-cases/end-step';
import { PayloadError } from './payload';

/** Ports and settings of one dispatcher run; `now` is the scheduled time. */
export interface DispatchDeps {
  queue: OutreachQueue;
  /** A page's profiles, contact logs and waiting steps, read together. */
  page: DuePageReader;
  contacts: ContactLog;
  suppressions: SuppressionList;
  mailer: Mailer;
  events: EventPublisher;
  /** Renders a step for its customer; throws {@link PayloadError} for a payload that does not fit. */
  compose: (step: QueuedStep, profile: CustomerProfile) => OutgoingEmail;
  /**
   * Completes a step from the customer's state just before it is sent (up-serve picks its suggestions
   * then), or skips it; throws {@link PayloadError} for a payload that does not fit. Without it, steps go as queued.
   * `sent`: the suggestion keys already sent to the customer as read with the page, for their first up-serve step there.
   */
  prepare?: (step: QueuedStep, profile: CustomerProfile, sent?: ReadonlySet<string>) => Promise<Prepared>;
  /** Resolves when the next send may start (the configured send rate). */
  pace: () => Promise<void>;
  rules: RespectRules;
  /** How long transient send failures are retried, and the longest wait between attempts. */
  retry: RetryPolicy;
  /** The flows' holdout groups; none when absent. */
  holdout?: HoldoutRule;
  maxPerRun: number;
  /** Flows switched off (`npm run flow -- pause`): their due steps wait in the index, untouched, until resumed. */
  paused?: ReadonlySet<SwitchableFlow>;
  now: string;
  /** Told about a step that failed unexpectedly (it is retried later, backing off, and counted). */
  onError?: (error: unknown) => void;
}

/** A step made ready to send, with what to undo if the send fails; or skipped for good, with the reason. */
export type Prepared = { action: 'send'; step: QueuedStep; release?: () => Promise<void> } | { action: 'skip'; reason: SkipReason };

/** What one run did, per outcome; `paused` counts the due steps of paused flows it passed over. */
export type DispatchCounts = Record<
  'sent' | 'skipped' | 'deferred' | 'retried' | 'failed' | 'unknown' | 'announced' | 'taken-by-another' | 'errored' | 'paused',
  number
>;

/** A claimed step is ours this long; after that another run may take it (a crashed run loses nothing). */
const LEASE_MINUTES = 15;
/** Claims in a row that ended without an outcome (crashes, unexpected errors) before a step fails for good. */
const MAX_INTERRUPTED = 8;
/** The first retry waits this long; each further one twice as long, up to the configured cap. */
const FIRST_BACKOFF_MINUTES = 2;
/** Steps processed at once: enough to keep SES busy, few enough to keep the pacing smooth. */
const IN_FLIGHT = 8;
/**
 * Due steps read ahead together. Small enough that a page's reads are seconds old when its last step
 * is decided (at 10 sends/s), large enough that the batch reads cost a few calls per 25 steps.
 */
const PAGE = 25;

const backoffMinutes = (attempt: number, cap: number) => Math.min(cap, FIRST_BACKOFF_MINUTES * 2 ** (attempt - 1));

/** A claimed step ready for the mailer: marked as sending, its email composed, the frequency cap reserved. */
interface Ready {
  step: QueuedStep;
  lease: Lease;
  email: OutgoingEmail;
  release?: () => Promise<void>;
}

/**
 * Sends what is due: reads only the due-date index, applies consent, suppression, exit conditions,
 * quiet hours and the frequency cap to each step as read with its page (a step skipped or deferred
 * there takes one conditional write, no claim), claims each step it sends with a lease (so racing
 * runs never send one step twice), sends through the mailer, and records every outcome on the step
 * together with its event. A run that stopped midway is picked up after its lease: before the send nothing is lost,
 * after it nothing is sent again (the outcome is recorded as unknown), and recorded events not yet
 * published are published. The steps of a paused flow are neither claimed nor changed: they keep their
 * place in the index and go out, through the same rules, at the first run after the flow is resumed.
 */
export async function dispatchOutreach(deps: DispatchDeps): Promise<DispatchCounts> {
  const counts: DispatchCounts = { sent: 0, skipped: 0, deferred: 0, retried: 0, failed: 0, unknown: 0, announced: 0, 'taken-by-another': 0, errored: 0, paused: 0 };
  const paused = new Set(OutreachFlow.options.filter((flow) => deps.paused?.has(flow)));
  const { refs: due, held } = await deps.queue.due(deps.now, deps.maxPerRun, { held: paused });
  counts.paused = held;
  for (let i = 0; i < due.length; i += PAGE) {
    const page = due.slice(i, i + PAGE);
    const [reads, announcements] = [await readPage(page, deps), pageAnnouncements(deps)];
    // Customers in parallel; each customer's steps one at a time, in due order.
    await inGroups(byCustomer(page), (steps) => tallyOutcomes(steps, (ref) => dispatchOne(ref, reads, announcements.deps), counts, { onError: deps.onError, inFlight: 1 }), IN_FLIGHT);
    await announcements.publish();
  }
  return counts;
}

/**
 * A page's steps by customer, each customer's in due order. One customer's steps share the frequency
 * cap and the suggestions already made, so they go one after another and the earlier step always
 * comes first; different customers' go in parallel.
 */
function byCustomer(page: readonly DueRef[]): DueRef[][] {
  const groups = new Map<string, DueRef[]>();
  for (const ref of page) {
    const group = groups.get(ref.customerId);
    if (group) group.push(ref);
    else groups.set(ref.customerId, [ref]);
  }
  return [...groups.values()];
}

/** EventBridge takes at most this many entries per PutEvents. */
const EVENTS_PER_CALL = 10;

/** A run's dependencies while it works through one page: the page's announcements wait for its end. */
type PageDeps = DispatchDeps & Required<Pick<EndStepDeps, 'announce'>>;

/**
 * The page's announcements, published together: each step's outcome is recorded with its events (the
 * outbox) as it ends; once the page is done the events go out up to ten per PutEvents, and each
 * group's steps leave the index after its call. A run that dies or fails to publish first loses
 * nothing: the outbox keeps the step due, and a later run publishes it.
 */
function pageAnnouncements(deps: DispatchDeps): { deps: PageDeps; publish: () => Promise<void> } {
  const finished: { step: QueuedStep; lease: Lease; events: OutgoingEvent[] }[] = [];
  return {
    deps: { ...deps, announce: async (step, lease, events) => void finished.push({ step, lease, events }) },
    async publish() {
      for (const group of inCalls(finished.splice(0))) {
        try {
          await deps.events.publish(group.flatMap((f) => f.events));
          await Promise.all(group.map((f) => deps.queue.announced(f.step, f.lease)));
        } catch (error) {
          deps.onError?.(error);
        }
      }
    },
  };
}

/** Consecutive groups whose events fit one PutEvents each. */
function inCalls<T extends { events: readonly unknown[] }>(entries: readonly T[]): T[][] {
  const groups: T[][] = [];
  let size = Infinity;
  for (const entry of entries) {
    if (size + entry.events.length > EVENTS_PER_CALL) {
      groups.push([]);
      size = 0;
    }
    groups.at(-1)!.push(entry);
    size += entry.events.length;
  }
  return groups;
}

/** What the decisions of one page of due steps read, in two batch reads; the contact logs are handed out once each, since a send of this run changes them. */
interface PageReads extends DuePage {
  suppressed: Set<string>;
}

/**
 * Profiles, contact logs and the steps of a page, then the suppressions of its customers, read
 * consistently just before its steps are decided: two calls per page instead of three per step. An
 * opt-out arriving after this read still stops the send, since it ends the waiting step and the
 * claim or `beginSend` then fails.
 */
async function readPage(page: readonly DueRef[], deps: DispatchDeps): Promise<PageReads> {
  const read = await deps.page.read(page, deps.now);
  const suppressed = await deps.suppressions.suppressedAmong([...read.profiles.values()].map(({ email, customerId }) => ({ email, customerId })));
  return { ...read, suppressed };
}

/** The customer's sent suggestion keys as read with the page, for their first up-serve step only: a send changes them. */
function sentWithPage(customerId: string, reads: PageReads): Set<string> | undefined {
  const sent = reads.suggestionsSent.get(customerId);
  reads.suggestionsSent.delete(customerId);
  return sent;
}

/** The customer's contact log: as read with the page for their first step, read again for any later one. */
function contactsOf(customerId: string, reads: PageReads, deps: DispatchDeps): Promise<{ sends: string[]; version: number }> {
  const read = reads.contacts.get(customerId);
  reads.contacts.delete(customerId);
  return read ? Promise.resolve(read) : deps.contacts.recent(customerId);
}

async function dispatchOne(dueRef: DueRef, reads: PageReads, deps: DispatchDeps): Promise<keyof DispatchCounts> {
  const { queue, now } = deps;
  const contacts = await contactsOf(dueRef.customerId, reads, deps);
  const profile = reads.profiles.get(dueRef.customerId);
  const suppressed = reads.suppressed.has(dueRef.customerId);
  // A step read waiting with its page is deferred or skipped in one write; only a send takes a claim.
  const unclaimed = reads.unclaimed(dueRef);
  if (unclaimed) {
    const decision = decideUnclaimed({ step: unclaimed, profile, suppressed, recentSends: contacts.sends, now, rules: deps.rules });
    const settled = decision && (await skipOrDefer(decision, unclaimed, { dueSort: dueRef.dueSort, now }, deps));
    if (settled) return settled;
  }
  const claim = await queue.claim(dueRef, now, addMinutes(now, LEASE_MINUTES));
  if (claim.kind === 'taken') return 'taken-by-another';
  if (claim.kind === 'unannounced') {
    await announceStep(claim.step, claim.lease, claim.events, deps);
    return 'announced';
  }
  if (claim.kind === 'outcome-unknown') return recordUnknown(claim.step, claim.lease, deps);
  const { step, lease, interrupted } = claim;
  if (interrupted >= MAX_INTERRUPTED) return fail(step, lease, `gave up: ${interrupted} runs in a row ended without an outcome`, step.attempts, deps);
  let ready: Ready | (keyof DispatchCounts);
  try {
    ready = await prepareSend(step, lease, { profile, contacts, suppressed, sent: step.flow === 'upserve' ? sentWithPage(step.customerId, reads) : undefined }, deps);
  } catch (error) {
    // Counted by the claim already; backing off keeps a step that always errors from spinning every run.
    const wait = backoffMinutes(interrupted + 1, deps.retry.maxBackoffMinutes);
    await queue.reschedule(step, lease, addMinutes(now, wait), `error ${interrupted + 1}: ${(error as Error).name}`, { interrupted: true }).catch(() => false);
    throw error;
  }
  return typeof ready === 'string' ? ready : send(ready, deps);
}

/** The decision on a step not yet claimed; none when deciding throws, so the claimed path repeats it and counts the error. */
function decideUnclaimed(facts: Parameters<typeof decideDelivery>[0]): Delivery | undefined {
  try {
    return decideDelivery(facts);
  } catch {
    return undefined;
  }
}

/** Carries out a decision to skip or defer in one write on the step, claimed or as its page saw it; undefined for a send. */
async function skipOrDefer(decision: Delivery, step: QueuedStep, by: Lease | SeenStep, deps: DispatchDeps): Promise<keyof DispatchCounts | undefined> {
  if (decision.action === 'skip') return skip(step, decision.reason, deps, by);
  if (decision.action === 'defer') return (await deps.queue.reschedule(step, by, decision.until, `${decision.reason} until ${decision.until}`)) ? 'deferred' : 'taken-by-another';
  return undefined;
}

/** What a claimed step is decided and prepared on, as read with its page (or since). */
interface StepFacts {
  profile: CustomerProfile | undefined;
  contacts: { sends: string[]; version: number };
  suppressed: boolean;
  sent?: ReadonlySet<string>;
}

/** Decides what to do with a claimed step; when it is to be sent, makes it ready and marks it as sending. */
async function prepareSend(step: QueuedStep, lease: Lease, { profile, contacts, suppressed, sent }: StepFacts, deps: DispatchDeps): Promise<Ready | (keyof DispatchCounts)> {
  const { queue, now } = deps;
  const settled = await skipOrDefer(decideDelivery({ step, profile, suppressed, recentSends: contacts.sends, now, rules: deps.rules }), step, lease, deps);
  if (settled) return settled;
  let prepared: Prepared = { action: 'send', step };
  let email: OutgoingEmail;
  try {
    if (deps.prepare) prepared = await deps.prepare(step, profile!, sent);
    if (prepared.action === 'skip') return skip(step, prepared.reason, deps, lease);
    // Held out exactly when it would be sent now (its content chosen as for anyone): the groups compare like with like.
    if (deps.holdout && isHeldOut(step.customerId, step.flow, deps.holdout)) return skip(step, 'holdout', deps, lease);
    email = deps.compose(prepared.step, profile!);
  } catch (error) {
    if (prepared.action === 'send') await prepared.release?.();
    if (!(error instanceof PayloadError)) throw error;
    return fail(step, lease, error.message, step.attempts + 1, deps);
  }
  const { release } = prepared;
  const undo = () => Promise.all([deps.contacts.release(step.customerId, now), release?.()]);
  // Reserving the send in the contact log is what makes the frequency cap hold under racing runs.
  if (!(await deps.contacts.reserve(step.customerId, contacts, now))) {
    await release?.();
    return (await queue.reschedule(step, lease, now, 'contact log changed concurrently')) ? 'deferred' : 'taken-by-another';
  }
  // The last write before the mailer, and only while the lease holds: from here a lost outcome is never re-sent.
  const sending = await queue.beginSend(step, lease).catch(async (error: unknown) => {
    await undo();
    throw error;
  });
  if (!sending) {
    await undo();
    return 'taken-by-another';
  }
  return { step: prepared.step, lease, email, release };
}

async function send({ step, lease, email, release }: Ready, deps: DispatchDeps): Promise<keyof DispatchCounts> {
  const { queue, now } = deps;
  let messageId: string;
  try {
    await deps.pace();
    messageId = await deps.mailer.send(email);
  } catch (error) {
    // Only a refusal the mailer reports is known not to have gone out; anything else stays an unknown outcome.
    if (!(error instanceof MailError)) throw error;
    await Promise.all([deps.contacts.release(step.customerId, now), release?.()]);
    if (error instanceof MailWithheldError) return skip(step, error.reason, deps, lease);
    return retryOrFail(step, lease, error, deps);
  }
  const detail: OutreachSent = { ...stepRef(step), messageId, sentAt: now };
  const events = [{ detailType: DetailType.OutreachSent, detail, time: now }];
  // SES took the email: one write records it and its event; whatever fails after it, nothing is sent again.
  const held = await queue.finish(step, { status: 'sent', messageId, sentAt: now, attempts: step.attempts + 1 }, events, now, lease);
  if (!held) throw new Error(`lease on step ${step.kind} of customer ${step.customerId} lost before message ${messageId} was recorded`);
  await announceStep(step, held, events, deps);
  return 'sent';
}

/** A transient refusal waits, backing off up to the cap, until the configured time since the first one; then the step fails. */
async function retryOrFail(step: QueuedStep, lease: Lease, error: MailError, deps: DispatchDeps): Promise<keyof DispatchCounts> {
  const { now, retry } = deps;
  const attempts = step.attempts + 1;
  const since = step.retryingSince ?? now;
  const giveUpAt = addDays(since, retry.forDays);
  if (!error.transient) return fail(step, lease, error.message, attempts, deps);
  if (now >= giveUpAt) return fail(step, lease, `${error.message} (still failing after ${retry.forDays} days of retries)`, attempts, deps);
  const next = addMinutes(now, backoffMinutes(attempts, retry.maxBackoffMinutes));
  const dueAt = next < giveUpAt ? next : giveUpAt;
  const rescheduled = await deps.queue.reschedule({ ...step, attempts, retryingSince: since }, lease, dueAt, `retry ${attempts}: ${error.message}`);
  return rescheduled ? 'retried' : 'taken-by-another';
}

/** A step whose send began and was never recorded: kept as unknown and reported, never sent again. */
async function recordUnknown(step: QueuedStep, lease: Lease, deps: DispatchDeps): Promise<keyof DispatchCounts> {
  const reason = 'a run handed the email to the mailer and stopped before recording the outcome';
  const detail: OutreachOutcomeUnknown = { ...stepRef(step), reason, at: deps.now };
  return endStep(step, { status: 'unknown', reason }, { detailType: DetailType.OutreachOutcomeUnknown, detail, time: deps.now }, 'unknown', deps, lease);
}

/** Marks a step failed for good and says why, on the step and as an event. */
function fail(step: QueuedStep, lease: Lease, reason: string, attempts: number, deps: DispatchDeps): Promise<keyof DispatchCounts> {
  const detail: OutreachFailed = { ...stepRef(step), reason, failedAt: deps.now, attempts };
  return endStep(step, { status: 'failed', reason, attempts }, { detailType: DetailType.OutreachFailed, detail, time: deps.now }, 'failed', deps, lease);
}
