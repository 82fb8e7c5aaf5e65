import { CfnOutput, Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, UpliftGauge } from '../../shared/runtime/metrics';

/** SES reviews an account at these rates; alarm before it gets there. */
export const SES_REVIEW_LEVELS = { bounceRate: 0.05, complaintRate: 0.001 } as const;

const PERIOD = Duration.minutes(5);

/** What the operations view watches: every function, and the queue of what failed after retries. */
export interface OperationsProps {
  functions: Map<string, IFunction>;
  failures: IQueue;
}

/**
 * The dashboard built from the functions' metrics, and the alarms, all on one topic to subscribe
 * the on-call to: failed events waiting, function errors, SES bounce and complaint rates.
 */
export class Operations extends Construct {
  readonly alarms: Topic;

  constructor(scope: Construct, id: string, { functions, failures }: OperationsProps) {
    super(scope, id);
    this.alarms = new Topic(this, 'Alarms', { enforceSSL: true });
    const alarm = (name: string, metric: IMetric, threshold: number, description: string) =>
      new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(this.alarms));

    const waiting = failures.metricApproximateNumberOfMessagesVisible({ period: PERIOD });
    alarm('FailedEvents', waiting, 0, 'An event or schedule failed after retries; it is kept in the FailedEvents queue with its error.');
    for (const [functionId, fn] of functions) alarm(`Errors-${functionId}`, fn.metricErrors({ period: PERIOD }), 0, `${functionId} threw; its failures land in the FailedEvents queue.`);
    const bounceRate = sesReputation('Reputation.BounceRate');
    const complaintRate = sesReputation('Reputation.ComplaintRate');
    alarm('SesBounceRate', bounceRate, SES_REVIEW_LEVELS.bounceRate, 'SES bounce rate above 5%: SES reviews the account at this level.');
    alarm('SesComplaintRate', complaintRate, SES_REVIEW_LEVELS.complaintRate, 'SES complaint rate above 0.1%: SES reviews the account at this level.');

    const dashboard = new Dashboard(this, 'Dashboard', {
      widgets: [
        [graph('Orders', [total('EventsIn'), total('FirstPurchases'), total('RepeatPurchases'), total('EventsRejected')])],
        [graph('Emails sent, by kind', [byDimension('EmailsSent', 'kind')]), graph('Emails skipped, by reason', [byDimension('EmailsSkipped', 'reason')])],
        [graph('Emails held back', [total('EmailsDeferred'), total('EmailsPaused'), total('EmailsFailed'), total('EmailsOutcomeUnknown'), total('Unsubscribes')])],
        [
          graph('At risk', [total('CustomersFlagged'), total('DigestsSent'), total('DigestsPaused'), total('DigestsOutcomeUnknown'), total('CustomersWonBack')]),
          graph("Sellers' actions, by action", [byDimension('SellerActions', 'action')]),
        ],
        [graph('Conversions, by flow and group', [byDimensions('Conversions', ['flow', 'group'])]), upliftGraph()],
        [graph('Health', [waiting, ...[...functions.values()].map((fn) => fn.metricErrors({ period: PERIOD }))]), graph('SES reputation', [bounceRate, complaintRate])],
      ],
    });
    new CfnOutput(scope, 'DashboardName', { value: dashboard.dashboardName, description: 'CloudWatch dashboard: orders, emails by kind, skips by reason, at-risk flow, errors, SES reputation' });
    new CfnOutput(scope, 'AlarmTopicArn', { value: this.alarms.topicArn, description: 'Subscribe the on-call to this topic: every alarm of the stack notifies it' });
  }
}

const graph = (title: string, left: IMetric[]) => new GraphWidget({ title, left, width: 12 });

/** A metric of ours summed over every function that emits it. */
const total = (name: string) =>
  new MathExpression({ expression: `SUM(SEARCH('{${METRICS_NAMESPACE},service} MetricName="${name}"', 'Sum', 300))`, label: name, period: PERIOD });

/** One line per value of the dimensions (the kind of email, the reason for a skip). */
const byDimensions = (name: string, dimensions: string[], statistic = 'Sum') =>
  new MathExpression({ expression: `SEARCH('{${METRICS_NAMESPACE},${[...dimensions, 'service'].sort().join(',')}} MetricName="${name}"', '${statistic}', 300)`, label: name, period: PERIOD });
const byDimension = (name: string, dimension: string) => byDimensions(name, [dimension]);

/** Each flow's daily uplift with its interval and the smallest uplift its numbers could detect. */
const upliftGraph = () =>
  new GraphWidget({ title: 'Uplift per flow (percentage points, daily)', left: Object.values(UpliftGauge).map((name) => byDimensions(name, ['flow'], 'Maximum')), width: 12, period: Duration.days(1) });

const sesReputation = (metricName: string) => new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
