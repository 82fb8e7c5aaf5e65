import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LoyaltyStack } from '../../infra/loyalty-stack';
import { toSchedulerCron } from '../../infra/scheduler-cron';
import { sourceOf, wiring } from '../../infra/wiring';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../shared/config/config-file';
import { fireTimes } from '../../shared/config/schedule';
import { localParts } from '../../shared/domain/local-time';

const config = loadConfigFile();

describe('LoyaltyStack', () => {
  let template: Template;

  beforeAll(() => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    template = Template.fromStack(new LoyaltyStack(app, 'Test', { config, configFile: DEFAULT_CONFIG_FILE }));
  });

  it('keeps state in one on-demand table with PITR, TTL and the keys-only due index', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      GlobalSecondaryIndexes: [
        { IndexName: 'due', KeySchema: [{ AttributeName: 'duePk', KeyType: 'HASH' }, { AttributeName: 'dueSk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
      ],
    });
  });

  it('creates the custom bus named in the config', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: config.bus.name });
  });

  it('has a rule with the exact pattern of every event trigger in the wiring table', () => {
    for (const row of wiring(config)) {
      for (const trigger of row.triggers) {
        if (trigger.kind !== 'event') continue;
        template.hasResourceProperties('AWS::Events::Rule', {
          EventPattern: { source: [sourceOf(trigger.origin, config)], 'detail-type': trigger.detailTypes },
          Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 21600 } })],
        });
      }
    }
  });

  it('creates a time-zoned schedule for every scheduled trigger', () => {
    for (const row of wiring(config)) {
      for (const trigger of row.triggers) {
        if (trigger.kind !== 'schedule') continue;
        template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: toSchedulerCron(trigger.schedule.cron),
          ScheduleExpressionTimezone: trigger.schedule.timeZone,
        });
      }
    }
  });

  it("schedules each seller's digest at the configured hour in their own time zone, as the local clock fires it", () => {
    const digest = wiring(config).find((row) => row.id === 'seller-digest')!;
    const zones = [...new Set(config.sellers.directory.map((s) => s.timeZone))];
    expect(digest.triggers).toHaveLength(zones.length);
    for (const zone of zones) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 8 * * ? *)',
        ScheduleExpressionTimezone: zone,
        Target: Match.objectLike({ Input: Match.stringLikeRegexp(`"timeZone":"${zone}"`) }),
      });
      const trigger = digest.triggers.find((t) => t.kind === 'schedule' && t.input?.timeZone === zone);
      const [first] = trigger?.kind === 'schedule' ? fireTimes(trigger.schedule, '2026-04-12T12:00:00.000Z', '2026-04-13T12:00:00.000Z') : [];
      expect(localParts(first!, zone)).toMatchObject({ hour: 8, minute: 0 });
    }
  });

  it('gives every function its environment, the newest Node runtime and a failure destination', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { LOYALTY_CONFIG_FILE: '/var/task/loyalty.config.yaml' } } } });
    expect(Object.keys(functions)).toHaveLength(wiring(config).length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVENT_BUS_NAME']));
    }
    template.allResourcesProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: Match.anyValue() } } });
  });

  it('grants the intake writes on the table and its index, and PutEvents on the bus only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['dynamodb:Query', 'dynamodb:PutItem']), Resource: [Match.anyValue(), Match.objectLike({ 'Fn::Join': Match.anyValue() })] }),
          Match.objectLike({ Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Bus'), 'Arn'] } }),
        ]),
      },
    });
  });
});

describe('toSchedulerCron', () => {
  it('puts "?" in the unused day field, counts days of week from Sunday = 1 and adds the year', () => {
    expect(toSchedulerCron('*/15 * * * *')).toBe('cron(*/15 * * * ? *)');
    expect(toSchedulerCron('0 7 * * 1-5')).toBe('cron(0 7 ? * 2-6 *)');
    expect(toSchedulerCron('30 3 * * 0')).toBe('cron(30 3 ? * 1 *)');
  });
});
