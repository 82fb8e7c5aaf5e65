import { randomUUID } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { LoyaltyStack } from '../../../infra/loyalty-stack';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../../shared/config/config-file';
import { tableGrantsOf, type TableGrant } from './table-access';

type Json = unknown;
interface Resource {
  Type: string;
  Properties?: Record<string, Json>;
}

/** One function as the template declares it: its asset folder, handler and environment. */
export interface DeployedFunction {
  logicalId: string;
  /** The folder of its bundle in the cloud assembly: what Lambda unpacks into /var/task. */
  assetDir: string;
  handler: string;
  /** With every reference resolved to a local name (see {@link resolveLocally}). */
  environment: Record<string, string>;
  /** What its role may do on the state table. */
  tableGrants: TableGrant[];
  /** The size of its bundle's `index.js`, minified, its source map apart. */
  bundleBytes: number;
  /** Its memory setting (`MemorySize`), what Lambda bills its milliseconds at. */
  memoryMb: number;
}

/** An EventBridge rule: the bus it listens on, its pattern, the functions it invokes. */
export interface DeployedRule {
  bus: string;
  pattern: Record<string, Json>;
  targets: string[];
}

/** A Scheduler schedule: its expression, time zone, target function and input template. */
export interface DeployedSchedule {
  name: string;
  expression: string;
  timeZone: string;
  enabled: boolean;
  target: string;
  input: string;
}

/** What the smoke test needs from a synthesized stack. */
export interface SynthesizedStack {
  outdir: string;
  functions: Map<string, DeployedFunction>;
  rules: DeployedRule[];
  schedules: DeployedSchedule[];
  /** Logical ids of functions behind a Function URL. */
  urls: string[];
  /** The CreateTable input of the state table, under its local name. */
  table: { TableName: string } & Record<string, Json>;
  /** The local name of the bus the shop puts its orders on. */
  bus: string;
}

/**
 * Synthesizes the stack as `cdk synth` does (bundling every function with esbuild) into a fresh
 * folder, and reads the template back.
 */
export function synthesizeStack(configFile = DEFAULT_CONFIG_FILE): SynthesizedStack {
  const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-out-'));
  const app = new App({ outdir });
  new LoyaltyStack(app, 'Loyalty', { config: loadConfigFile(configFile), configFile });
  const template = app.synth().getStackByName('Loyalty').template as { Resources: Record<string, Resource> };
  return readTemplate(template.Resources, outdir, randomUUID().slice(0, 8));
}

/** Resources get local names `<logical id>-<suffix>`, so several runs share DynamoDB Local. */
function readTemplate(resources: Record<string, Resource>, outdir: string, suffix: string): SynthesizedStack {
  const resolve = (value: Json) => resolveLocally(value, resources, suffix);
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const [tableId, tableResource] = ofType('AWS::DynamoDB::GlobalTable')[0]!;
  const policies = ofType('AWS::IAM::Policy').map(([, r]) => r.Properties as { Roles: { Ref: string }[]; PolicyDocument: { Statement: Parameters<typeof tableGrantsOf>[0] } });
  const tableGrantsOfRole = (roleId: string) => policies.filter((p) => p.Roles.some((r) => r.Ref === roleId)).flatMap((p) => tableGrantsOf(p.PolicyDocument.Statement, tableId));
  const functions = new Map(
    ofType('AWS::Lambda::Function').map(([logicalId, r]) => {
      const variables = ((r.Properties!.Environment as { Variables?: Record<string, Json> } | undefined)?.Variables ?? {}) as Record<string, Json>;
      const environment = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolve(value)]));
      const assetDir = path.join(outdir, `asset.${((r.Properties!.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '')}`);
      const tableGrants = tableGrantsOfRole(targetOf(r.Properties!.Role));
      // Lambda's default when the template leaves it out.
      const memoryMb = (r.Properties!.MemorySize as number | undefined) ?? 128;
      const bundleBytes = statSync(path.join(assetDir, 'index.js')).size;
      return [logicalId, { logicalId, assetDir, handler: r.Properties!.Handler as string, environment, tableGrants, memoryMb, bundleBytes }] as const;
    }),
  );
  const rules = ofType('AWS::Events::Rule').map(([, r]) => ({
    bus: r.Properties!.EventBusName === undefined ? 'default' : resolve(r.Properties!.EventBusName),
    pattern: r.Properties!.EventPattern as Record<string, Json>,
    targets: (r.Properties!.Targets as { Arn: Json }[]).map((t) => targetOf(t.Arn)),
  }));
  const schedules = ofType('AWS::Scheduler::Schedule').map(([logicalId, r]) => {
    const target = r.Properties!.Target as { Arn: Json; Input: string };
    return {
      name: logicalId,
      expression: r.Properties!.ScheduleExpression as string,
      timeZone: (r.Properties!.ScheduleExpressionTimezone as string | undefined) ?? 'UTC',
      enabled: r.Properties!.State !== 'DISABLED',
      target: targetOf(target.Arn),
      input: target.Input,
    };
  });
  const urls = ofType('AWS::Lambda::Url').map(([, r]) => targetOf(r.Properties!.TargetFunctionArn));
  const { KeySchema, AttributeDefinitions, GlobalSecondaryIndexes, BillingMode } = tableResource.Properties!;
  const [busId] = ofType('AWS::Events::EventBus')[0]!;
  const table = { TableName: resolve({ Ref: tableId }), KeySchema, AttributeDefinitions, GlobalSecondaryIndexes, BillingMode };
  return { outdir, functions, rules, schedules, urls, table, bus: resolve({ Ref: busId }) };
}

/** The logical id of the resource an `Fn::GetAtt [id, Arn]` points at. */
const targetOf = (arn: Json): string => {
  const getAtt = (arn as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (!getAtt) throw new Error(`not a resource reference: ${JSON.stringify(arn)}`);
  return getAtt[0];
};

/**
 * Resolves a template value to what it names locally: a `Ref` to the resource's local name (the
 * table, bus and secret are named so), `Fn::GetAtt … FunctionUrl` to a local URL for it.
 */
function resolveLocally(value: Json, resources: Record<string, Resource>, suffix: string): string {
  if (typeof value === 'string') return value;
  const ref = (value as { Ref?: string }).Ref;
  if (ref) {
    if (!resources[ref]) throw new Error(`Ref to a resource that is not in the template: ${ref}`);
    return `${ref}-${suffix}`;
  }
  const getAtt = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt?.[1] === 'FunctionUrl') return `https://${getAtt[0].toLowerCase()}.lambda-url.local/`;
  if (getAtt?.[1] === 'Arn') return `arn:aws:local:us-east-1:000000000000:${getAtt[0]}`;
  throw new Error(`cannot resolve ${JSON.stringify(value)} locally`);
}
