import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { SesDetailType, SesFeedback } from '../../shared/contracts/events';
import { onEvents, route, type RunContext } from '../../shared/runtime/handler';
import { recordFeedback, type FeedbackDeps } from './record-feedback';

/** The feedback recorder's ports on a runtime. */
export const feedbackDeps = ({ runtime, now }: RunContext): FeedbackDeps => ({
  suppressions: makeDynamoSuppressionList(runtime),
  queue: makeDynamoOutreachQueue(runtime),
  events: runtime.events,
  now,
});

const run = (feedback: SesFeedback, context: RunContext) => recordFeedback(feedback, feedbackDeps(context));

/** SES feedback: permanent bounces and complaints suppress the address. */
export const handler = onEvents({
  [SesDetailType.Bounce]: route(SesFeedback, run),
  [SesDetailType.Complaint]: route(SesFeedback, run),
});
