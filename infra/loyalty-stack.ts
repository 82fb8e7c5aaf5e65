import { CfnOutput, Duration, Stack, TimeZone, Validations, type StackProps } from 'aws-cdk-lib';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { EventBus, Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { PARTITIONS, TableShape, type Partition } from '../shared/contracts/table';
import type { FunctionEnv, FunctionEnvName } from '../shared/contracts/function-env';
import type { Construct } from 'constructs';
import type { LoyaltyConfig } from '../shared/config/schema';
import { bundledFiles } from './bundled-files';
import { AppFunction } from './constructs/app-function';
import { Mailer } from './constructs/mailer';
import { Operations } from './constructs/operations';
import { StateTable } from './constructs/state-table';
import { toSchedulerCron } from './scheduler-cron';
import { sourceOf, wiring, type FunctionWiring, type Trigger } from './wiring';

/** The item calls the adapters make (a transaction needs the calls of its parts); nothing else is granted. */
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
const BATCH_WRITE_ACTIONS = [...WRITE_ACTIONS, 'dynamodb:BatchWriteItem'];

/**
 * A row's table access as grants: read and write actions each on the items of its partitions only
 * (`dynamodb:LeadingKeys`, which holds for every item of a batch too), and Query on the due index by
 * name for the rows that work through it.
 */
function grantTable(table: ITableV2, fn: IGrantable, { table: access }: FunctionWiring): void {
  const onPartitions = (actions: string[], partitions: Partition[]) =>
    new PolicyStatement({ actions, resources: [table.tableArn], conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions.map((p) => `${PARTITIONS[p]}*`) } } });
  if (access.reads.length > 0) fn.grantPrincipal.addToPrincipalPolicy(onPartitions(READ_ACTIONS, access.reads));
  if (access.writes.length > 0) fn.grantPrincipal.addToPrincipalPolicy(onPartitions(access.batchWrites ? BATCH_WRITE_ACTIONS : WRITE_ACTIONS, access.writes));
  if (access.dueIndex) fn.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/${TableShape.dueIndex.name}`] }));
}

/** `customer-privacy` → `CustomerPrivacy`: a function id as part of an output's name. */
const pascalCase = (id: string): string => id.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase());

/** The validated config (the stage's, when there is one) and the file it came from (bundled into every function). */
export interface LoyaltyStackProps extends StackProps {
  config: LoyaltyConfig;
  configFile: string;
  /** The stage the config is merged for; the functions' environment names it. */
  stage?: string;
}

/** Composition only: the table, the bus, one function per wiring row with its triggers and grants, and the operations view. */
export class LoyaltyStack extends Stack {
  constructor(scope: Construct, id: string, props: LoyaltyStackProps) {
    super(scope, id, props);
    const { config, configFile, stage } = props;
    const { table } = new StateTable(this, 'State');
    const bus = new EventBus(this, 'Bus', { eventBusName: config.bus.name });
    const defaultBus = EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    const failures = new Queue(this, 'FailedEvents', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(failures).acknowledge({ id: 'AwsSolutions::AwsSolutions-SQS3', reason: 'This queue is the dead-letter destination of every function.' });

    const mailer = new Mailer(this, 'Mailer', { configurationSetName: config.mail.configurationSet, sender: config.mail.sender, feedbackBus: defaultBus });

    const files = bundledFiles(configFile, config);
    const rows = wiring(config);
    const functions = new Map(
      rows.map((row) => {
        const { fn } = new AppFunction(this, row.id, {
          functionId: row.id,
          description: row.description,
          files,
          failures,
          environment: { TABLE_NAME: table.tableName, EVENT_BUS_NAME: bus.eventBusName, ...(stage === undefined ? {} : { LOYALTY_STAGE: stage }) } satisfies Partial<FunctionEnv>,
          timeout: row.timeoutSeconds === undefined ? undefined : Duration.seconds(row.timeoutSeconds),
          reservedConcurrentExecutions: row.maxConcurrency,
        });
        grantTable(table, fn, row);
        if (row.publishesEvents) bus.grantPutEventsTo(fn);
        if (row.sendsEmail) mailer.grantSend(fn);
        if (row.usesUnsubscribeSecret) {
          mailer.unsubscribeSecret.grantRead(fn);
          fn.addEnvironment('UNSUBSCRIBE_SECRET_ARN' satisfies FunctionEnvName, mailer.unsubscribeSecret.secretArn);
        }
        if (row.usesSuppressionPepper) {
          mailer.suppressionPepper.grantRead(fn);
          fn.addEnvironment('SUPPRESSION_PEPPER_ARN' satisfies FunctionEnvName, mailer.suppressionPepper.secretArn);
        }
        if (row.triggers.some((t) => t.kind === 'operator')) new CfnOutput(this, `${pascalCase(row.id)}FunctionName`, { value: fn.functionName, description: `${row.description} (aws lambda invoke)` });
        row.triggers.forEach((trigger, i) => this.connect(row, trigger, i, { fn, bus, defaultBus, config }));
        return [row.id, fn] as const;
      }),
    );
    new Operations(this, 'Operations', { functions, failures });
    const urls = new Map(rows.filter((row) => row.triggers.some((t) => t.kind === 'url')).map((row) => [row.id, this.publicUrl(row, functions.get(row.id)!)]));
    // Mail links to the public pages: unsubscribe in every email, the seller pages in the digest.
    const linked: [string, FunctionEnvName][] = [['unsubscribe', 'UNSUBSCRIBE_URL'], ['seller-desk', 'SELLER_DESK_URL']];
    for (const [id, name] of linked) {
      const url = urls.get(id);
      if (url) for (const row of rows.filter((r) => r.sendsEmail)) functions.get(row.id)!.addEnvironment(name, url);
    }
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName, description: 'Put the shop\'s Order Placed / Order Cancelled events on this bus' });
    new CfnOutput(this, 'FailedEventsQueueUrl', { value: failures.queueUrl });
  }

  /** A public Function URL for a `url` row; its requests prove themselves with signed tokens. */
  private publicUrl(row: FunctionWiring, fn: AppFunction['fn']): string {
    const { url } = fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    new CfnOutput(this, `${pascalCase(row.id)}Url`, { value: url, description: row.description });
    return url;
  }

  private connect(row: FunctionWiring, trigger: Trigger, index: number, { fn, bus, defaultBus, config }: { fn: AppFunction['fn']; bus: IEventBus; defaultBus: IEventBus; config: LoyaltyConfig }): void {
    const id = `${row.id}-trigger-${index}`;
    if (trigger.kind === 'event') {
      new Rule(this, id, {
        description: `${trigger.detailTypes.join(', ')} → ${row.id}`,
        // SES publishes its feedback to the account's default bus only.
        eventBus: trigger.origin === 'ses' ? defaultBus : bus,
        eventPattern: { source: [sourceOf(trigger.origin, config)], detailType: trigger.detailTypes, ...(trigger.origin === 'ses' && ownMailOnly(config)) },
        targets: [new LambdaFunction(fn, { retryAttempts: 4, maxEventAge: Duration.hours(6) })],
      });
    } else if (trigger.kind === 'schedule') {
      new Schedule(this, id, {
        description: `${trigger.name} → ${row.id}`,
        enabled: trigger.schedule.enabled,
        schedule: ScheduleExpression.expression(toSchedulerCron(trigger.schedule.cron), TimeZone.of(trigger.schedule.timeZone)),
        target: new LambdaInvoke(fn, {
          input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime, schedule: trigger.name, ...trigger.input }),
        }),
      });
      const functionLogicalId = this.getLogicalId(fn.node.defaultChild as CfnFunction);
      Validations.of(this).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
        reason: 'The scheduler may invoke any version of this one function; no other resource is covered.',
      });
    }
  }
}

/**
 * Every stage in an account shares the default bus, where SES publishes all feedback: a stage takes
 * only what its own configuration set sent (SES tags every email with it), so a bounce in dev never
 * suppresses anyone in prod.
 */
const ownMailOnly = (config: LoyaltyConfig) => ({ detail: { mail: { tags: { 'ses:configuration-set': [config.mail.configurationSet] } } } });
