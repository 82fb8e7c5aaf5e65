import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withoutSchedules } from '../../infra/bundled-files';
import { readMailbox } from '../../infra/local/mailbox';
import { localDynamoClient } from '../../infra/local/stand-ins';
import { makeDynamoCustomerStore } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { loadCatalog } from '../../shared/config/catalog';
import { catalogFileOf, DEFAULT_CONFIG_FILE, loadConfigFile } from '../../shared/config/config-file';
import { DetailType, OPS_SOURCE, SesDetailType, type SwitchableFlow } from '../../shared/contracts/events';
import { isHeldOut } from '../../shared/domain/measure/holdout';
import { addDays } from '../../shared/domain/time';
import { anOrder } from '../support/builders';
import { startDeployedStack, type DeployedStack } from '../support/bundles/deployed-stack';
import { isAllowed } from '../support/bundles/table-access';

const config = loadConfigFile();
/** What only synth needs: the YAML and cron parsers (and the dates library of the latter), and the config's schemas. */
const CONFIG_TIME_ONLY = ['node_modules/yaml/', 'node_modules/cron-parser/', 'node_modules/luxon/', 'shared/config/schema.ts', 'shared/config/schedule.ts', 'shared/config/yaml-file.ts'];
const DAY = 86_400_000;
/** The most a function's minified bundle may weigh: it is read and compiled on every cold start. */
const BUNDLE_LIMIT_BYTES = 500 * 1024;
const FIRST_ORDER_AT = '2026-03-02T09:30:00Z';
const after = (days: number) => new Date(Date.parse(FIRST_ORDER_AT) + days * DAY).toISOString();

/**
 * The artifact that ships, run as Lambda runs it: the synthesized stack's bundles, each in its own
 * process from its asset folder with the template's handler and environment, wired by the
 * template's rules, schedules and Function URL.
 */
describe('the deployed bundles', () => {
  let deployed: DeployedStack;
  const customerId = mailedCustomerId();
  const email = `${customerId}@example.com`;

  beforeAll(async () => {
    deployed = await startDeployedStack({ dynamo: inject('dynamoEndpoint'), ses: inject('sesEndpoint') });
  }, 240_000);
  afterAll(() => deployed?.stop());

  const placeOrder = (orderId: string, placedAt: string) =>
    deployed.put(deployed.stack.bus, {
      source: config.bus.orderSource,
      'detail-type': DetailType.OrderPlaced,
      time: placedAt,
      detail: anOrder({ orderId, placedAt, customerId, customer: { id: customerId, email, name: 'Ana Costa', timeZone: 'Europe/Berlin', sellerId: 's-anna', marketingConsent: true } }),
    });
  /** An operator's `npm run flow`: the switch on the stack's bus. */
  const switchFlow = (flow: SwitchableFlow, paused: boolean, at: string) =>
    deployed.put(deployed.stack.bus, { source: OPS_SOURCE, 'detail-type': DetailType.FlowSwitched, time: at, detail: { flow, paused, at } });
  const failed = () => deployed.failures.map(({ fn, error }) => `${fn}: ${error.message}`);
  const mailToCustomer = async () => (await readMailbox(inject('sesEndpoint'))).filter((m) => m.to.includes(email));

  it('run a customer story clean, every function of the template included', async () => {
    // Up-serve is paused for the first two weeks (its due email waits: EmailsPaused), then resumed.
    await switchFlow('upserve', true, FIRST_ORDER_AT);
    await placeOrder(`${customerId}-1`, FIRST_ORDER_AT);
    await deployed.runSchedules(FIRST_ORDER_AT, after(16));
    await switchFlow('upserve', false, after(16));
    expect(failed()).toEqual([]);
    const thankYou = (await mailToCustomer()).find((m) => m.subject.startsWith('Thanks for your order'));
    expect(thankYou, 'the thank-you email, sent by the bundled dispatcher').toBeDefined();

    await placeOrder(`${customerId}-2`, after(20));
    await deployed.runSchedules(after(20), after(200), { everyDays: 7 });
    await sellerActsFromTheDigest();
    await bounceFromEachStage(`bounced-${email}`);
    await unsubscribeWithTheLinkOf(thankYou!.text ?? '');
    await exportAndErase();

    expect(failed()).toEqual([]);
    expect(deployed.logs()).not.toContain('"level":"ERROR"');
    expect([...deployed.coldStarts.keys()].sort()).toEqual([...deployed.stack.functions.keys()].sort());
    expect(callsBeyondGrants(), 'table calls a role does not allow').toEqual([]);
    expect(metricNames(deployed.logs())).toEqual(expect.arrayContaining(['EventsIn', 'FirstPurchases', 'RepeatPurchases', 'EmailsSent', 'EmailsPaused', 'Conversions', 'Unsubscribes']));
  }, 120_000);

  it('weigh at most 500 KB each, minified with their source maps apart', () => {
    const overweight = [...deployed.stack.functions.values()].filter((fn) => fn.bundleBytes > BUNDLE_LIMIT_BYTES);
    expect(overweight.map((fn) => `${fn.environment.POWERTOOLS_SERVICE_NAME}: ${fn.bundleBytes} bytes`)).toEqual([]);
  });

  it('carry the config synth validated as JSON, byte for byte the parsed YAML (its schedules apart) with its catalog', () => {
    const { stages: _stages, ...parsed } = config;
    const expected = { config: withoutSchedules(parsed), catalog: loadCatalog(catalogFileOf(DEFAULT_CONFIG_FILE, config)) };
    for (const fn of deployed.stack.functions.values()) {
      const text = readFileSync(path.join(fn.assetDir, fn.environment.LOYALTY_CONFIG_FILE!), 'utf8');
      expect(JSON.parse(text), fn.logicalId).toStrictEqual(expected);
      expect(text, fn.logicalId).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    }
  });

  it('parse neither YAML nor cron expressions at a cold start: no bundle carries their parsers or the config schemas', () => {
    const carried = [...deployed.stack.functions.values()].flatMap((fn) =>
      sourcesOf(fn.assetDir)
        .filter((source) => CONFIG_TIME_ONLY.some((module) => source.includes(module)))
        .map((source) => `${fn.environment.POWERTOOLS_SERVICE_NAME}: ${source}`),
    );
    expect([...new Set(carried)]).toEqual([]);
  });

  /** Each function's table calls that its role's statements would refuse in AWS, as `function: action on key`. */
  const callsBeyondGrants = (): string[] =>
    [...deployed.tableCalls].flatMap(([id, calls]) =>
      calls.filter((call) => !isAllowed(deployed.stack.functions.get(id)!.tableGrants, call)).map((c) => `${id}: ${c.action}${c.index ? ` on ${c.index}` : ''} ${c.leadingKey}`),
    );

  /** A bounce on mail of another stage's configuration set is left to that stage; one on ours suppresses. */
  async function bounceFromEachStage(address: string): Promise<void> {
    const bounce = (configurationSet: string) =>
      deployed.put('default', { source: 'aws.ses', 'detail-type': SesDetailType.Bounce, time: after(200), detail: permanentBounce(address, after(200), configurationSet, customerId) });
    await bounce(`${config.mail.configurationSet}-dev`);
    expect(await suppressionList().isSuppressed(address), 'bounced in another stage').toBe(false);
    await bounce(config.mail.configurationSet);
    expect(await suppressionList().isSuppressed(address), 'bounced in this stage').toBe(true);
  }

  const suppressionList = () => makeDynamoSuppressionList({ doc: DynamoDBDocumentClient.from(localDynamoClient(inject('dynamoEndpoint'))), tableName: deployed.stack.table.TableName });

  /** An operator exports the customer, then erases them: the export holds their orders, the erasure leaves nothing to export. */
  async function exportAndErase(): Promise<void> {
    const exported = (await deployed.invoke('customer-privacy', { action: 'export', customerId, at: after(202) })) as { items: Record<string, unknown[]> };
    expect(exported.items.order).toHaveLength(2);
    const erased = (await deployed.invoke('customer-privacy', { action: 'erase', customerId, at: after(202) })) as { itemsErased: number };
    expect(erased.itemsErased).toBeGreaterThan(2);
    expect(await deployed.invoke('customer-privacy', { action: 'export', customerId, at: after(203) })).toMatchObject({ items: {} });
  }

  /**
   * The seller opens the card from their digest's link and marks the customer not at risk, a week
   * after the flag (the digest came within a week, its links work for 30 days).
   */
  async function sellerActsFromTheDigest(): Promise<void> {
    const digest = (await readMailbox(inject('sesEndpoint'))).find((m) => m.to.includes('anna@loyalty.example.com') && m.text?.includes(`Reach: ${email}`));
    expect(digest, "the seller digest listing the customer, with how to reach them").toBeDefined();
    const token = (label: string) => new URL(new RegExp(`${label}: (\\S+)`).exec(digest!.text!)![1]!).searchParams.get('t')!;
    const doc = DynamoDBDocumentClient.from(localDynamoClient(inject('dynamoEndpoint')));
    const { riskFlag } = (await makeDynamoCustomerStore({ doc, tableName: deployed.stack.table.TableName }).getProfile(customerId))!;
    const at = addDays(riskFlag!.flaggedAt, 8);

    const card = await deployed.url('seller-desk', 'GET', { t: token('Card') }, at);
    expect(card.statusCode).toBe(200);
    expect(card.body).toContain(`mailto:${email}`);
    const acted = await deployed.url('seller-desk', 'POST', { t: token('Not at risk') }, at, {});
    expect(acted.body).toContain('counted as a false alarm');
  }

  /** The one-click POST with a forged token changes nothing; with the genuine one it suppresses. */
  async function unsubscribeWithTheLinkOf(text: string): Promise<void> {
    const token = new URL(/Unsubscribe with one click: (\S+)/.exec(text)![1]!).searchParams.get('t')!;
    const suppressions = suppressionList();

    const forged = await deployed.url('unsubscribe', 'POST', { t: `${token.slice(0, -2)}xx` }, after(201));
    expect(forged.statusCode).toBe(400);
    expect(await suppressions.isSuppressed(email)).toBe(false);

    const genuine = await deployed.url('unsubscribe', 'POST', { t: token }, after(201));
    expect(genuine.statusCode).toBe(200);
    expect(await suppressions.isSuppressed(email)).toBe(true);
  }
});

/**
 * A fresh customer id outside the second sale's holdout group: one in ten random ids is held out and
 * would never get the thank-you the story follows.
 */
function mailedCustomerId(): string {
  for (;;) {
    const id = `smoke-${randomUUID().slice(0, 8)}`;
    if (!isHeldOut(id, 'second-sale', config.measure.holdout)) return id;
  }
}

/** The names of the metrics in the EMF lines of the functions' output. */
const metricNames = (logs: string): string[] => [
  ...new Set(
    logs
      .split('\n')
      .filter((line) => line.startsWith('{') && line.includes('"CloudWatchMetrics"'))
      .flatMap((line) => (JSON.parse(line) as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } })._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name))),
  ),
];

const permanentBounce = (address: string, at: string, configurationSet: string, customerId: string) => ({
  eventType: 'Bounce',
  bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1' }], timestamp: at, feedbackId: randomUUID() },
  mail: { messageId: randomUUID(), destination: [address], timestamp: at, tags: { 'ses:configuration-set': [configurationSet], customerId: [customerId] } },
});

/** The source files a bundle was built from, as its source map lists them. */
const sourcesOf = (assetDir: string): string[] => (JSON.parse(readFileSync(path.join(assetDir, 'index.js.map'), 'utf8')) as { sources: string[] }).sources;
