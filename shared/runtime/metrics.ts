import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DetailType } from '../contracts/events';
import type { EventPublisher, OutgoingEvent } from '../ports';

/** The CloudWatch namespace of every metric; each carries the function id as its `service` dimension. */
export const METRICS_NAMESPACE = 'Loyalty';

/** What one metric counts, and the detail field (if any) that splits it into a dimension. */
export interface FactMetric {
  name: string;
  by?: string;
}

/** The metric each published fact counts: what happened to customers, as it reaches the bus. */
export const FACT_METRICS: Partial<Record<string, FactMetric>> = {
  [DetailType.FirstPurchaseDetected]: { name: 'FirstPurchases' },
  [DetailType.RepeatPurchaseDetected]: { name: 'RepeatPurchases' },
  [DetailType.OutreachSent]: { name: 'EmailsSent', by: 'kind' },
  [DetailType.OutreachSkipped]: { name: 'EmailsSkipped', by: 'reason' },
  [DetailType.OutreachFailed]: { name: 'EmailsFailed' },
  [DetailType.OutreachOutcomeUnknown]: { name: 'EmailsOutcomeUnknown' },
  [DetailType.CustomerUnsubscribed]: { name: 'Unsubscribes' },
  [DetailType.CustomerAtRisk]: { name: 'CustomersFlagged' },
  [DetailType.SellerDigestSent]: { name: 'DigestsSent' },
  [DetailType.CustomerWonBack]: { name: 'CustomersWonBack' },
};

/** Counts outside the facts: events received and rejected, steps deferred. */
export const Counter = { EventsIn: 'EventsIn', EventsRejected: 'EventsRejected', EmailsDeferred: 'EmailsDeferred' } as const;

/**
 * Adds `value` to a metric, written at once as its own EMF log line: a count survives a crash
 * later in the invocation, and no handler has to remember a flush.
 */
export function count(name: string, value = 1, dimension?: { name: string; value: string }): void {
  if (value === 0) return;
  const metric = new Metrics({ namespace: METRICS_NAMESPACE, singleMetric: true });
  if (dimension) metric.addDimension(dimension.name, dimension.value);
  metric.addMetric(name, MetricUnit.Count, value);
}

/** Counts every fact a publisher puts on the bus, once it is there. */
export function countingFacts(publisher: EventPublisher): EventPublisher {
  return {
    async publish(events) {
      await publisher.publish(events);
      events.forEach(countFact);
    },
  };
}

function countFact(event: OutgoingEvent): void {
  const metric = FACT_METRICS[event.detailType];
  if (!metric) return;
  const dimension = metric.by ? { name: metric.by, value: String((event.detail as Record<string, unknown>)[metric.by] ?? 'unknown') } : undefined;
  count(metric.name, 1, dimension);
}
