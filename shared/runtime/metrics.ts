import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DetailType } from '../contracts/events';
import type { EventPublisher, OutgoingEvent } from '../ports';

/** The CloudWatch namespace of every metric; each carries the function id as its `service` dimension. */
export const METRICS_NAMESPACE = 'Loyalty';

type Detail = Record<string, unknown>;

/** What one metric counts, and the dimensions (if any) that split it, read from the fact's detail. */
export interface FactMetric {
  name: string;
  dimensions?: (detail: Detail) => Record<string, string>;
}

/** The metric each published fact counts: what happened to customers, as it reaches the bus. */
export const FACT_METRICS: Partial<Record<string, FactMetric>> = {
  [DetailType.FirstPurchaseDetected]: { name: 'FirstPurchases' },
  [DetailType.RepeatPurchaseDetected]: { name: 'RepeatPurchases' },
  [DetailType.OutreachSent]: { name: 'EmailsSent', dimensions: (d) => ({ kind: String(d.kind) }) },
  [DetailType.OutreachSkipped]: { name: 'EmailsSkipped', dimensions: (d) => ({ reason: String(d.reason) }) },
  [DetailType.OutreachFailed]: { name: 'EmailsFailed' },
  [DetailType.OutreachOutcomeUnknown]: { name: 'EmailsOutcomeUnknown' },
  [DetailType.CustomerUnsubscribed]: { name: 'Unsubscribes' },
  [DetailType.CustomerAtRisk]: { name: 'CustomersFlagged' },
  [DetailType.SellerDigestSent]: { name: 'DigestsSent' },
  [DetailType.SellerDigestOutcomeUnknown]: { name: 'DigestsOutcomeUnknown' },
  [DetailType.CustomerWonBack]: { name: 'CustomersWonBack' },
  [DetailType.SellerActionRecorded]: { name: 'SellerActions', dimensions: (d) => ({ action: String(d.action) }) },
  [DetailType.ConversionAttributed]: { name: 'Conversions', dimensions: (d) => ({ flow: String(d.flow), group: d.holdout ? 'holdout' : 'mailed' }) },
};

/** The daily uplift job's figures per flow (percentage points), dimension `flow`. */
export const UpliftGauge = { Uplift: 'Uplift', UpliftCiLow: 'UpliftCiLow', UpliftCiHigh: 'UpliftCiHigh', MinDetectableUplift: 'MinDetectableUplift' } as const;

/**
 * Counts outside the facts: events received and rejected, steps deferred; due steps and digests
 * waiting because their flow is paused, counted at every run that passes them over.
 */
export const Counter = {
  EventsIn: 'EventsIn',
  EventsRejected: 'EventsRejected',
  EmailsDeferred: 'EmailsDeferred',
  EmailsPaused: 'EmailsPaused',
  DigestsPaused: 'DigestsPaused',
} as const;

/**
 * Adds `value` to a metric, written at once as its own EMF log line: a count survives a crash
 * later in the invocation, and no handler has to remember a flush.
 */
export function count(name: string, value = 1, dimensions: Record<string, string> = {}): void {
  if (value !== 0) emit(name, MetricUnit.Count, value, dimensions);
}

/** Records a level (not a count), such as a flow's uplift in percentage points. */
export function gauge(name: string, percent: number, dimensions: Record<string, string>): void {
  emit(name, MetricUnit.Percent, percent, dimensions);
}

let metrics: Metrics | undefined;

/**
 * One instance per process, built on first use (after the environment is set): a new one per count
 * cost 0.1 ms, paid for every event of a replay. Adding and publishing is synchronous, so counts of
 * concurrent work never share a line.
 */
function emit(name: string, unit: (typeof MetricUnit)[keyof typeof MetricUnit], value: number, dimensions: Record<string, string>): void {
  metrics ??= new Metrics({ namespace: METRICS_NAMESPACE });
  metrics.addDimensions(dimensions);
  metrics.addMetric(name, unit, value);
  metrics.publishStoredMetrics();
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
  count(metric.name, 1, metric.dimensions?.(event.detail as Detail));
}
