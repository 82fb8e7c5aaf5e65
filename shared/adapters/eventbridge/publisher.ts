import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LOYALTY_SOURCE } from '../../contracts/events';
import type { EventPublisher } from '../../ports';
import { LoyaltyError } from '../../errors';

/** Thrown when EventBridge refused some entries; the invocation fails and is retried. */
export class PublishError extends LoyaltyError {
  override name = 'PublishError';

  constructor(readonly failures: string[]) {
    super(`EventBridge refused ${failures.length} event(s): ${failures.join('; ')}`);
  }
}

const MAX_ENTRIES_PER_CALL = 10;

/** {@link EventPublisher} putting our events on the custom bus with source `loyalty` (operators' tools: `loyalty.ops`). */
export function makeEventBridgePublisher({ client, busName, source = LOYALTY_SOURCE }: { client: EventBridgeClient; busName: string; source?: string }): EventPublisher {
  return {
    async publish(events) {
      for (let i = 0; i < events.length; i += MAX_ENTRIES_PER_CALL) {
        const batch = events.slice(i, i + MAX_ENTRIES_PER_CALL);
        const out = await client.send(
          new PutEventsCommand({
            Entries: batch.map((e) => ({
              EventBusName: busName,
              Source: source,
              DetailType: e.detailType,
              Detail: JSON.stringify(e.detail),
              Time: new Date(e.time),
            })),
          }),
        );
        const failures = (out.Entries ?? []).flatMap((entry, j) =>
          entry.ErrorCode ? [`${batch[j]?.detailType}: ${entry.ErrorCode} ${entry.ErrorMessage ?? ''}`.trim()] : [],
        );
        if (failures.length) throw new PublishError(failures);
      }
    },
  };
}
