import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundledFiles } from '../../infra/bundled-files';
import { LoyaltyStack } from '../../infra/loyalty-stack';
import { toSchedulerCron } from '../../infra/scheduler-cron';
import { stackNameOf, stageStack } from '../../infra/stage-stack';
import { sourceOf, wiring } from '../../infra/wiring';
import { loadCatalog } from '../../shared/config/catalog';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../shared/config/config-file';
import { InvalidFileError } from '../../shared/config/load';
import { Counter, FACT_METRICS, UpliftGauge } from '../../shared/runtime/metrics';
import { fireTimes } from '../../shared/config/schedule';
import { localParts } from '../../shared/domain/local-time';
import { PARTITIONS, type Partition } from '../../shared/contracts/table';
import { isAllowed, tableGrantsOf } from '../support/bundles/table-access';

const config = loadConfigFile();
let template: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  template = Template.fromStack(new LoyaltyStack(app, 'Test', { config, configFile: DEFAULT_CONFIG_FILE }));
  // Building the stack takes seconds, a minute on a machine busy with the integration tests.
}, 120_000);

describe('LoyaltyStack', () => {

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
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { LOYALTY_CONFIG_FILE: 'loyalty.config.json' } } } });
    expect(Object.keys(functions)).toHaveLength(wiring(config).length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVENT_BUS_NAME']));
    }
    template.allResourcesProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: Match.anyValue() } } });
  });

  it('grants PutEvents on our bus only', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Bus'), 'Arn'] } })]) },
    });
  });
});

describe('least privilege, from the wiring table', () => {
  const rows = wiring(config);

  /** Every statement of the policies attached to a function's own role. */
  const statementsOf = (functionId: string): { Action: string | string[]; Resource: unknown; Condition?: unknown }[] => {
    const rolePrefix = new RegExp(`^${functionId.replace(/-/g, '')}Role`);
    return Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => rolePrefix.test(r.Ref)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
  };
  const actionsOf = (functionId: string) => statementsOf(functionId).flatMap((s) => [s.Action].flat());

  it('gives no function mail, secrets or events it does not use, a batch write only where its row says so, and nobody a scan or table admin', () => {
    for (const row of rows) {
      const actions = actionsOf(row.id);
      expect(actions, row.id).not.toEqual(expect.arrayContaining([expect.stringMatching(/^dynamodb:(Scan|ConditionCheckItem|DeleteTable|UpdateTable|\*)$/)]));
      expect(actions.includes('dynamodb:BatchWriteItem'), row.id).toBe(row.table.batchWrites === true);
      if (!row.sendsEmail) expect(actions.filter((a) => a.startsWith('ses:')), row.id).toEqual([]);
      if (!row.usesUnsubscribeSecret && !row.usesSuppressionPepper) expect(actions.filter((a) => a.startsWith('secretsmanager:')), row.id).toEqual([]);
      if (!row.publishesEvents) expect(actions.filter((a) => a.startsWith('events:')), row.id).toEqual([]);
      if (row.table.writes.length === 0) expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete)/.test(a)), row.id).toEqual([]);
    }
  });

  it('lets a function read the unsubscribe secret or the suppression pepper only where its row says so', () => {
    const secretsReadBy = (functionId: string) =>
      statementsOf(functionId)
        .filter((s) => [s.Action].flat().some((a) => a.startsWith('secretsmanager:')))
        .map((s) => JSON.stringify(s.Resource).match(/Mailer(UnsubscribeSecret|SuppressionPepper)/)?.[1])
        .sort();
    for (const row of rows) {
      const expected = [row.usesSuppressionPepper && 'SuppressionPepper', row.usesUnsubscribeSecret && 'UnsubscribeSecret'].filter(Boolean);
      expect(secretsReadBy(row.id), row.id).toEqual(expected);
    }
    expect(rows.filter((r) => r.usesSuppressionPepper).map((r) => r.id).sort()).toEqual(['customer-privacy', 'outreach-dispatcher']);
  });

  it('keeps the suppression pepper when the stack goes, as the table is kept: erased customers stay suppressed', () => {
    const peppers = template.findResources('AWS::SecretsManager::Secret', { Properties: { Description: Match.stringLikeRegexp('hashed suppressions') } });
    expect(Object.values(peppers)).toEqual([expect.objectContaining({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' })]);
  });

  it('lets only operators invoke the customer-privacy function: no rule, schedule or URL, its name an output', () => {
    const privacy = rows.find((r) => r.id === 'customer-privacy')!;
    expect(privacy.triggers).toEqual([{ kind: 'operator' }]);
    const [logicalId] = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'customer-privacy' } } } }));
    expect(logicalId).toMatch(/^customerprivacy/);
    const naming = (resources: Record<string, unknown>) => Object.values(resources).filter((r) => JSON.stringify(r).includes(`"${logicalId}"`));
    expect(naming(template.findResources('AWS::Events::Rule'))).toEqual([]);
    expect(naming(template.findResources('AWS::Scheduler::Schedule'))).toEqual([]);
    expect(naming(template.findResources('AWS::Lambda::Url'))).toEqual([]);
    expect(naming(template.findResources('AWS::Lambda::Permission'))).toEqual([]);
    template.hasOutput('CustomerPrivacyFunctionName', { Value: { Ref: logicalId } });
  });

  /** Whether a function's role allows one call on the table (the index when `index` is set), as IAM decides it. */
  const may = (functionId: string, action: string, leadingKey: string, index?: string): boolean => {
    const tableId = Object.keys(template.findResources('AWS::DynamoDB::GlobalTable'))[0]!;
    return isAllowed(tableGrantsOf(statementsOf(functionId) as Parameters<typeof tableGrantsOf>[0], tableId), { action: `dynamodb:${action}`, leadingKey, index });
  };
  const keyIn = (partition: Partition) => `${PARTITIONS[partition]}someone`;

  it("grants each function its row's partitions and nothing else: reads, writes and the due index", () => {
    for (const row of rows) {
      for (const partition of Object.keys(PARTITIONS) as Partition[]) {
        const { reads, writes } = row.table;
        expect(may(row.id, 'GetItem', keyIn(partition)), `${row.id} reads ${partition}`).toBe(reads.includes(partition));
        expect(may(row.id, 'Query', keyIn(partition)), `${row.id} queries ${partition}`).toBe(reads.includes(partition));
        expect(may(row.id, 'PutItem', keyIn(partition)), `${row.id} writes ${partition}`).toBe(writes.includes(partition));
        expect(may(row.id, 'DeleteItem', keyIn(partition)), `${row.id} deletes in ${partition}`).toBe(writes.includes(partition));
      }
      expect(may(row.id, 'Query', 'DUE#outreach', 'due'), `${row.id} queries the due index`).toBe(row.table.dueIndex === true);
      expect(may(row.id, 'GetItem', 'OTHER#key'), `${row.id} reads a key of no partition`).toBe(false);
    }
  });

  it('keeps the public unsubscribe function, the digest and the reports away from what they never touch', () => {
    expect(may('unsubscribe', 'GetItem', keyIn('seller'))).toBe(false);
    expect(may('unsubscribe', 'Query', 'DUE#outreach', 'due')).toBe(false);
    expect(may('unsubscribe', 'PutItem', keyIn('model'))).toBe(false);
    expect(may('seller-digest', 'GetItem', keyIn('customer'))).toBe(false);
    expect(may('uplift-report', 'Query', keyIn('customer'))).toBe(false);
    expect(may('order-intake', 'PutItem', keyIn('suppression'))).toBe(false);
    expect(may('ses-feedback', 'DeleteItem', keyIn('suppression'))).toBe(true);
  });

  it("lets the flow-switch function write only its one record, on a rule for operators' Flow Switched on our bus", () => {
    const [fn] = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'flow-switch' } } } }));
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^Bus') },
      EventPattern: { source: ['loyalty.ops'], 'detail-type': ['Flow Switched'] },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] } })],
    });
    expect(may('flow-switch', 'UpdateItem', 'OPS#flows')).toBe(true);
    expect(may('flow-switch', 'GetItem', 'OPS#flows')).toBe(false);
    expect(may('flow-switch', 'UpdateItem', keyIn('customer'))).toBe(false);
    expect(may('flow-switch', 'Query', 'DUE#outreach', 'due')).toBe(false);
    expect(actionsOf('flow-switch').filter((a) => /^(events|ses|secretsmanager):/.test(a))).toEqual([]);
    // The two functions that act on the switch may read it.
    expect(may('outreach-dispatcher', 'GetItem', 'OPS#flows')).toBe(true);
    expect(may('seller-digest', 'GetItem', 'OPS#flows')).toBe(true);
  });

  it('caps what a flood of requests to the public URL can cost, and serves a URL for every url row', () => {
    const urlRows = rows.filter((r) => r.triggers.some((t) => t.kind === 'url'));
    template.resourceCountIs('AWS::Lambda::Url', urlRows.length);
    for (const row of urlRows) {
      const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: row.id } } } }));
      expect(fn!.Properties.ReservedConcurrentExecutions, row.id).toBeLessThanOrEqual(10);
    }
  });
});

describe('the operations view', () => {
  const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm'));

  it('alarms on failed events, on every function\'s errors, and on SES bounce and complaint rates at the levels SES reviews', () => {
    const metricNames = alarms().map((a) => a.Properties.MetricName);
    expect(metricNames.filter((m) => m === 'Errors')).toHaveLength(wiring(config).length);
    expect(metricNames).toContain('ApproximateNumberOfMessagesVisible');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: 0.05 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: 0.001 });
    for (const alarm of alarms()) expect(alarm.Properties.AlarmActions, alarm.Properties.AlarmDescription).toEqual([{ Ref: expect.stringMatching(/^OperationsAlarms/) }]);
  });

  it('draws the dashboard from the metrics the functions emit', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard!.Properties.DashboardBody);
    for (const metric of [...Object.values(FACT_METRICS).map((m) => m!.name), ...Object.values(Counter), ...Object.values(UpliftGauge)]) expect(body, metric).toMatch(new RegExp(`MetricName=\\W*${metric}\\W`));
  });
});

describe('the files a bundle ships', () => {
  const configCopy = (catalogFile: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const file = path.join(dir, 'loyalty.config.yaml');
    writeFileSync(file, readFileSync(DEFAULT_CONFIG_FILE, 'utf8').replace(/^catalogFile: .*$/m, `catalogFile: ${catalogFile}`));
    return file;
  };
  const synth = (configFile: string) => new LoyaltyStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test', { config: loadConfigFile(configFile), configFile });

  it('are the shipped config alone, which carries the catalog the config names wherever it sits', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'catalog-'));
    copyFileSync(path.join(path.dirname(DEFAULT_CONFIG_FILE), 'catalog.yaml'), path.join(dir, 'catalog.yaml'));
    const configFile = configCopy(path.join(dir, 'catalog.yaml'));
    const files = bundledFiles(configFile, loadConfigFile(configFile));
    expect(files.map((f) => f.target)).toEqual(['loyalty.config.json']);
    expect(JSON.parse(readFileSync(files[0]!.source, 'utf8')).catalog).toStrictEqual(loadCatalog(path.join(dir, 'catalog.yaml')));
  });

  it('fail the synth naming the catalog when it is missing or unreadable', () => {
    expect(() => synth(configCopy('missing.yaml'))).toThrow(/missing\.yaml/);
    const broken = configCopy('catalog.yaml');
    writeFileSync(path.join(path.dirname(broken), 'catalog.yaml'), 'products: [{ sku: 1 }]\n');
    expect(() => synth(broken)).toThrow(InvalidFileError);
  });

  it('fail the synth naming the bad field of the config', () => {
    const configFile = configCopy('catalog.yaml');
    writeFileSync(configFile, readFileSync(configFile, 'utf8').replace(/^  sender: .*$/m, '  sender: not-an-address'));
    expect(() => stageStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), { configFile })).toThrow(/mail\.sender: Invalid email/);
  });
});

describe('toSchedulerCron', () => {
  it('puts "?" in the unused day field, counts days of week from Sunday = 1 and adds the year', () => {
    expect(toSchedulerCron('*/15 * * * *')).toBe('cron(*/15 * * * ? *)');
    expect(toSchedulerCron('0 7 * * 1-5')).toBe('cron(0 7 ? * 2-6 *)');
    expect(toSchedulerCron('30 3 * * 0')).toBe('cron(30 3 ? * 1 *)');
  });
});

describe('schedules are exact', () => {
  it('are EventBridge Scheduler schedules at their time zone, with no flexible window', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules.length).toBeGreaterThan(5);
    for (const { Properties } of schedules) {
      expect(Properties.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
      expect(Properties.ScheduleExpressionTimezone).toEqual(expect.any(String));
    }
  });

  it('change in exactly the one schedule whose cron changed in the config, and nowhere else', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cron-'));
    copyFileSync(path.join(path.dirname(DEFAULT_CONFIG_FILE), config.catalogFile), path.join(dir, config.catalogFile));
    const configFile = path.join(dir, 'loyalty.config.yaml');
    const yaml = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');
    expect(yaml).toContain('cron: "0 4 * * *"');
    writeFileSync(configFile, yaml.replace('cron: "0 4 * * *"', 'cron: "30 5 * * *"'));
    const changed = Template.fromStack(new LoyaltyStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test', { config: loadConfigFile(configFile), configFile })).toJSON();

    const before = template.toJSON().Resources as Record<string, unknown>;
    const after = changed.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const differing = Object.keys({ ...before, ...after }).filter((id) => JSON.stringify(before[id]) !== JSON.stringify(after[id]));
    expect(differing.map((id) => [after[id]?.Type, after[id]?.Properties.Description])).toEqual([['AWS::Scheduler::Schedule', 'risk-scorer → risk-scorer']]);
    expect(after[differing[0]!]!.Properties.ScheduleExpression).toBe('cron(30 5 * * ? *)');
  }, 120_000);
});

describe('a stage (--context stage=NAME)', () => {
  let staged: { template: Template; stackName: string; bundledConfig: Record<string, any> };

  beforeAll(() => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stage-'));
    copyFileSync(path.join(path.dirname(DEFAULT_CONFIG_FILE), config.catalogFile), path.join(dir, config.catalogFile));
    const configFile = path.join(dir, 'loyalty.config.yaml');
    const yaml = readFileSync(DEFAULT_CONFIG_FILE, 'utf8').replace(/\nstages:[\s\S]*$/, '\n');
    writeFileSync(configFile, `${yaml}\nstages:\n  dev:\n    mail: { sendRatePerSecond: 2 }\n    risk: { winBackGraceDays: 5 }\n  prod: {}\n`);
    // Only this stack is bundled: the assertion is on the config file inside a real bundle.
    const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-out-stage-'));
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': ['Loyalty-dev'] } });
    const stack = stageStack(app, { configFile, stage: 'dev' });
    const template = Template.fromStack(stack);
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'outreach-dispatcher' } } } }));
    const assetDir = path.join(outdir, `asset.${String(fn!.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    staged = { template, stackName: stack.stackName, bundledConfig: JSON.parse(readFileSync(path.join(assetDir, 'loyalty.config.json'), 'utf8')).config };
  }, 120_000);

  it('is the stack Loyalty-NAME, with its own bus and SES configuration set', () => {
    expect(staged.stackName).toBe('Loyalty-dev');
    expect(stackNameOf()).toBe('Loyalty');
    staged.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'loyalty-dev' });
    staged.template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'loyalty-dev' });
  });

  it('tells every function its stage', () => {
    const functions = Object.values(staged.template.findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThan(5);
    for (const fn of functions) expect(fn.Properties.Environment.Variables.LOYALTY_STAGE).toBe('dev');
  });

  it("bundles the stage's merged config: its overrides and names, no other stage's", () => {
    const { bundledConfig } = staged;
    expect(bundledConfig.mail).toMatchObject({ sendRatePerSecond: 2, configurationSet: 'loyalty-dev' });
    expect(bundledConfig.risk.winBackGraceDays).toBe(5);
    expect(bundledConfig.bus.name).toBe('loyalty-dev');
    expect(bundledConfig.respect).toEqual(config.respect);
    expect(bundledConfig.stages).toBeUndefined();
  });

  it('fails the synth naming a stage the file does not have', () => {
    expect(() => stageStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), { configFile: DEFAULT_CONFIG_FILE, stage: 'qa' })).toThrow(/stages: expected a section for stage "qa"/);
  });
});
