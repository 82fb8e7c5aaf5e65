import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { SesDetailType, SesFeedback } from '../../shared/contracts/events';
import { onEvents, route, type EventContext } from '../../shared/runtime/handler';
import { recordFeedback } from './record-feedback';

const run = (feedback: SesFeedback, { runtime, now }: EventContext) =>
  recordFeedback(feedback, { suppressions: makeDynamoSuppressionList(runtime), queue: makeDynamoOutreachQueue(runtime), events: runtime.events, now });

/** SES feedback: permanent bounces and complaints suppress the address. */
export const handler = onEvents({
  [SesDetailType.Bounce]: route(SesFeedback, run),
  [SesDetailType.Complaint]: route(SesFeedback, run),
});
