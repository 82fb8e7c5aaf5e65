import type { SesFeedback } from '../../shared/contracts/events';
import type { EventPublisher, OutreachQueue, SuppressionList } from '../../shared/ports';
import { skipPending } from '../../shared/use-cases/end-step';

/** Ports of the feedback recorder; `now` is the event's time. */
export interface FeedbackDeps {
  suppressions: SuppressionList;
  queue: OutreachQueue;
  events: EventPublisher;
  now: string;
}

/**
 * A permanent bounce or a complaint suppresses the address for good and ends what was waiting for
 * that customer; a transient bounce changes nothing (SES already retried; the next email may arrive).
 */
export async function recordFeedback(feedback: SesFeedback, deps: FeedbackDeps): Promise<{ suppressed: number } | { ignored: number }> {
  const recipients =
    feedback.eventType === 'Complaint'
      ? (feedback.complaint?.complainedRecipients ?? [])
      : feedback.bounce?.bounceType === 'Permanent'
        ? feedback.bounce.bouncedRecipients
        : [];
  if (recipients.length === 0) return { ignored: 1 };
  const reason = feedback.eventType === 'Complaint' ? 'complaint' : 'bounce';
  const customerId = feedback.mail.tags?.customerId?.[0];
  const detail = feedback.bounce?.bounceSubType ?? feedback.complaint?.complaintFeedbackType;
  await Promise.all(recipients.map(({ emailAddress }) => deps.suppressions.suppress({ email: emailAddress, reason, at: deps.now, customerId, detail })));
  if (customerId) await skipPending(customerId, {}, 'suppressed', deps);
  return { suppressed: recipients.length };
}
