import type { OutreachFlow, SkipReason, StepRef } from '../contracts/events';
import { instantAtLocal, localMinutes, minutesOf } from './local-time';
import type { CustomerProfile } from './purchase';
import { addDays } from './time';

/** An email waiting in the outreach queue until `dueAt`. */
export interface QueuedStep extends StepRef {
  dueAt: string;
  queuedAt: string;
  /** What the template needs that the profile does not hold (e.g. the order it refers to). */
  payload: Record<string, unknown>;
  /** Send attempts so far (transient failures re-queue the step). */
  attempts: number;
  /** When the first transient failure of the current run of retries happened: retries end a set time after it. */
  retryingSince?: string;
}

/** The respect rules from the config. */
export interface RespectRules {
  frequencyCap: { maxEmails: number; perDays: number };
  quietHours: { start: string; end: string };
  defaultTimeZone: string;
}

/** What the dispatcher does with a due step. */
export type Delivery =
  | { action: 'send' }
  | { action: 'skip'; reason: SkipReason }
  | { action: 'defer'; until: string; reason: 'quiet-hours' | 'frequency-cap' };

/** What the dispatcher knows about the customer when a step falls due. */
export interface DeliveryFacts {
  step: QueuedStep;
  profile: CustomerProfile | undefined;
  suppressed: boolean;
  /** Send times of recent loyalty emails to this customer. */
  recentSends: readonly string[];
  now: string;
  rules: RespectRules;
}

/** The configured second-sale steps for a first purchase, due `delayDays` after the order. */
export function planSecondSale(
  steps: readonly { id: string; delayDays: number; enabled: boolean }[],
  firstPurchase: { customerId: string; sellerId?: string; orderId: string; placedAt: string },
  payload: Record<string, unknown>,
  now: string,
): QueuedStep[] {
  return steps
    .filter((s) => s.enabled)
    .map((s) => ({
      customerId: firstPurchase.customerId,
      sellerId: firstPurchase.sellerId,
      flow: 'second-sale' as OutreachFlow,
      kind: `second-sale/${s.id}`,
      sequenceId: firstPurchase.orderId,
      stepId: s.id,
      dueAt: addDays(firstPurchase.placedAt, s.delayDays),
      queuedAt: now,
      payload,
      attempts: 0,
    }));
}

/** The win-back email for a flagged customer, due after the seller's grace period; one per silence (its last order). */
export function planWinBack(
  flag: { customerId: string; sellerId: string; lastOrderId: string; flaggedAt: string },
  payload: Record<string, unknown>,
  graceDays: number,
): QueuedStep {
  return {
    customerId: flag.customerId,
    sellerId: flag.sellerId,
    flow: 'win-back',
    kind: 'win-back',
    sequenceId: flag.lastOrderId,
    stepId: 'win-back',
    dueAt: addDays(flag.flaggedAt, graceDays),
    queuedAt: flag.flaggedAt,
    payload,
    attempts: 0,
  };
}

/**
 * Decides whether a due step is sent now, skipped for good (with the reason), or waits:
 * consent and suppression first, then the flow's own exit conditions, then quiet hours and the
 * frequency cap, which only ever delay.
 */
export function decideDelivery({ step, profile, suppressed, recentSends, now, rules }: DeliveryFacts): Delivery {
  if (!profile) return { action: 'skip', reason: 'unknown-customer' };
  if (suppressed) return { action: 'skip', reason: 'suppressed' };
  if (!profile.marketingConsent) return { action: 'skip', reason: 'no-consent' };
  const exit = flowExit(step, profile);
  if (exit) return { action: 'skip', reason: exit };
  const quietUntil = endOfQuietHours(now, profile.timeZone ?? rules.defaultTimeZone, rules.quietHours);
  if (quietUntil) return { action: 'defer', until: quietUntil, reason: 'quiet-hours' };
  const capUntil = frequencyCapUntil(recentSends, now, rules.frequencyCap);
  if (capUntil) return { action: 'defer', until: capUntil, reason: 'frequency-cap' };
  return { action: 'send' };
}

/**
 * A second-sale sequence ends when its order is cancelled or the customer ordered again; a win-back
 * when the customer ordered after the silence it was about (its sequence is that silence's last order).
 */
function flowExit(step: QueuedStep, profile: CustomerProfile): SkipReason | undefined {
  const orderedSince = (at: string) => Object.values(profile.orders).some((t) => t > at);
  if (step.flow === 'win-back') {
    const silenceFrom = profile.orders[step.sequenceId] ?? (step.payload as { lastOrder?: { placedAt?: string } }).lastOrder?.placedAt;
    return silenceFrom !== undefined && orderedSince(silenceFrom) ? 'ordered-again' : undefined;
  }
  if (step.flow !== 'second-sale') return undefined;
  const firstAt = profile.orders[step.sequenceId];
  if (firstAt === undefined) return 'first-order-cancelled';
  return orderedSince(firstAt) ? 'ordered-again' : undefined;
}

/** When `now` is inside the quiet window in `timeZone`, the instant the window ends; else undefined. */
export function endOfQuietHours(now: string, timeZone: string, quiet: { start: string; end: string }): string | undefined {
  const minute = localMinutes(now, timeZone);
  const [start, end] = [minutesOf(quiet.start), minutesOf(quiet.end)];
  const wraps = start > end; // e.g. 21:00–08:00 spans midnight
  const inside = wraps ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return undefined;
  return instantAtLocal(now, timeZone, end, wraps && minute >= start ? 1 : 0);
}

/** When the cap is reached, the instant the oldest counted send leaves the window; else undefined. */
export function frequencyCapUntil(recentSends: readonly string[], now: string, cap: { maxEmails: number; perDays: number }): string | undefined {
  const windowStart = addDays(now, -cap.perDays);
  const inWindow = recentSends.filter((t) => t > windowStart && t <= now).sort();
  if (inWindow.length < cap.maxEmails) return undefined;
  return addDays(inWindow[inWindow.length - cap.maxEmails]!, cap.perDays);
}
