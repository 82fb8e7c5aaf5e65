import { DetailType, type OutreachFlow, type OutreachSkipped, type SkipReason, type StepRef } from '../contracts/events';
import type { QueuedStep } from '../domain/outreach';
import type { EventPublisher, Lease, OutgoingEvent, OutreachQueue, SeenStep, StepOutcome } from '../ports';

/** What ending a step needs; `now` is the invocation's time. */
export interface EndStepDeps {
  queue: OutreachQueue;
  events: EventPublisher;
  now: string;
  /** Publishes a finished step's events and then takes it out of the index; at once unless given (a run may gather them). */
  announce?: (step: QueuedStep, lease: Lease, events: OutgoingEvent[]) => Promise<void>;
}

/** The fields every step event carries. */
export const stepRef = ({ customerId, sellerId, flow, kind, sequenceId, stepId }: QueuedStep): StepRef => ({ customerId, sellerId, flow, kind, sequenceId, stepId });

/** Records an outcome with its event in one write, then publishes the event; a lost lease (or a step no longer as seen) means another run took over. */
export async function endStep<K extends string>(step: QueuedStep, outcome: StepOutcome, event: OutgoingEvent, counted: K, deps: EndStepDeps, by?: Lease | SeenStep): Promise<K | 'taken-by-another'> {
  const held = await deps.queue.finish(step, outcome, [event], deps.now, by);
  if (!held) return 'taken-by-another';
  await announceStep(step, held, [event], deps);
  return counted;
}

/** Publishes a finished step's events, then takes it out of the index; a crash in between republishes them later. */
export async function announceStep(step: QueuedStep, lease: Lease, events: OutgoingEvent[], deps: Pick<EndStepDeps, 'queue' | 'events' | 'announce'>): Promise<void> {
  if (deps.announce) return deps.announce(step, lease, events);
  await deps.events.publish(events);
  await deps.queue.announced(step, lease);
}

/** Marks a step skipped for good and says why, on the step and as an event; without a lease, only a step still waiting (as seen, when given). */
export function skip(step: QueuedStep, reason: SkipReason, deps: EndStepDeps, by?: Lease | SeenStep): Promise<'skipped' | 'taken-by-another'> {
  const detail: OutreachSkipped = { ...stepRef(step), reason, skippedAt: deps.now };
  return endStep(step, { status: 'skipped', reason }, { detailType: DetailType.OutreachSkipped, detail, time: deps.now }, 'skipped', deps, by);
}

/** Skips every waiting step of a customer matching `filter`, recording why. */
export async function skipPending(customerId: string, filter: { flow?: OutreachFlow; sequenceId?: string }, reason: SkipReason, deps: EndStepDeps): Promise<{ skipped: number }> {
  const pending = await deps.queue.pending(customerId, filter);
  await Promise.all(pending.map((step) => skip(step, reason, deps)));
  return { skipped: pending.length };
}
