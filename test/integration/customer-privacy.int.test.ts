import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { handler as privacyHandler, privacyDeps } from '../../functions/customer-privacy/handler';
import { unsubscribeDeps } from '../../functions/unsubscribe/handler';
import { handleUnsubscribe } from '../../functions/unsubscribe/unsubscribe';
import { LOCAL_SUPPRESSION_PEPPER } from '../../infra/local/environment';
import { readJsonl } from '../../infra/local/inputs';
import { readMailbox } from '../../infra/local/mailbox';
import { replay, type ReplayReport } from '../../infra/local/replay';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { loadConfigFile } from '../../shared/config/config-file';
import { DetailType, type OrderPlaced } from '../../shared/contracts/events';
import { signUnsubscribeToken } from '../../shared/domain/unsubscribe-token';
import { eraseCustomer, exportCustomer, type CustomerExport, type CustomerPrivacyDeps } from '../../shared/use-cases/customer-privacy';
import { anOrder } from '../support/builders';
import { collectingPublisher, useFreshLocalEnvironment } from '../support/local';
import { testRuntime } from '../support/outreach';

const config = loadConfigFile();
const LOCAL_UNSUBSCRIBE_SECRET = 'local-unsubscribe-secret-not-for-production';
const ERASED = 'erasable-ana';
const ERASED_EMAIL = 'Erasable.Ana@Example.com';
const OLD_EMAIL = 'erasable-ana-old@example.com';
const BYSTANDER = 'stays-bob';

const orderLine = (order: OrderPlaced) => JSON.stringify({ source: config.bus.orderSource, 'detail-type': DetailType.OrderPlaced, time: order.placedAt, detail: order });
const customer = (id: string, email: string) => ({ id, email, name: `Name of ${id}`, sellerId: 's-anna', timeZone: 'Europe/Berlin', marketingConsent: true });
const disc = { sku: 'cd-radiohead-ok-computer', name: 'Radiohead — OK Computer (CD)', category: 'rock', quantity: 1, unitPrice: 15.99 };
const orderOf = (id: string, email: string, orderId: string, placedAt: string) => anOrder({ customerId: id, orderId, placedAt, customer: customer(id, email), items: [disc], total: 15.99 });

async function replayOrders(orders: OrderPlaced[], until: string): Promise<ReplayReport> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'privacy-replay-')), 'orders.jsonl');
  writeFileSync(file, `${orders.map(orderLine).join('\n')}\n`);
  return replay({ config, inputs: readJsonl(file).inputs, until, sesEndpoint: inject('sesEndpoint') });
}

/** Every item of the table, as JSON (string sets as arrays), lower-cased so an address matches in any case. */
async function tableText(doc: DynamoDBDocumentClient, tableName: string): Promise<string[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.map((item) => JSON.stringify(item, (_k, v: unknown) => (v instanceof Set ? [...v] : v)).toLowerCase());
}

/**
 * A customer who went through every flow in the local pipeline: a first order on 5 January (thank-you,
 * second-order invitation, up-serve), silence until flagged on 5 April and listed in their seller's
 * digest with another customer, a win-back email, a second order on 9 April (won back, a return for the
 * seller, a conversion), then an unsubscribe. Then they are exported and erased.
 */
describe('exporting and erasing one customer', () => {
  let table: { doc: DynamoDBDocumentClient; tableName: string };
  let deps: CustomerPrivacyDeps;
  const events = collectingPublisher();
  let first: ReplayReport;
  let exported: CustomerExport;
  const mailTo = async (address: string) => (await readMailbox(inject('sesEndpoint'))).filter((m) => m.to.some((t) => t.toLowerCase().includes(address.toLowerCase())));

  beforeAll(async () => {
    table = await useFreshLocalEnvironment();
    first = await replayOrders(
      [
        orderOf(ERASED, ERASED_EMAIL, 'ana-1', '2026-01-05T10:00:00Z'),
        orderOf(BYSTANDER, 'stays-bob@example.com', 'bob-1', '2026-01-05T11:00:00Z'),
        orderOf(ERASED, ERASED_EMAIL, 'ana-2', '2026-04-09T10:00:00Z'),
      ],
      '2026-04-14T00:00:00.000Z',
    );
    const now = '2026-04-14T09:00:00.000Z';
    const runtime = testRuntime(table, { events, unsubscribeSecret: async () => LOCAL_UNSUBSCRIBE_SECRET, suppressionPepper: async () => LOCAL_SUPPRESSION_PEPPER });
    const token = signUnsubscribeToken({ customerId: ERASED, email: ERASED_EMAIL }, LOCAL_UNSUBSCRIBE_SECRET);
    const unsubscribed = await handleUnsubscribe({ method: 'POST', token }, await unsubscribeDeps({ runtime, now }));
    expect(unsubscribed.statusCode).toBe(200);
    // An address they used before bounced: it names them too, though their profile no longer does.
    await makeDynamoSuppressionList(table).suppress({ email: OLD_EMAIL, reason: 'bounce', at: now, customerId: ERASED });
    deps = await privacyDeps({ runtime, now });
    exported = await exportCustomer(ERASED, deps);
  }, 180_000);

  it('went through every flow first', async () => {
    expect(first.failed).toEqual([]);
    const kinds = first.emails.filter((e) => e.customerId === ERASED).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['second-sale/thank-you', 'second-sale/second-order', 'upserve/suggestions', 'win-back']));
    expect(first.flags.map((f) => f.customerId)).toEqual(expect.arrayContaining([ERASED, BYSTANDER]));
    expect(first.digests.some((d) => d.customerIds.includes(ERASED) && d.customerIds.includes(BYSTANDER))).toBe(true);
    expect(first.wonBack.map((w) => w.customerId)).toEqual([ERASED]);
  });

  it('exports every item of theirs by kind, and nothing of anyone else', () => {
    expect(Object.keys(exported.items)).toEqual(
      expect.arrayContaining([
        'profile', 'order', 'outreach', 'contacts', 'upserve-sent', 'upserve-basket', 'conversion', 'uplift-marker',
        'risk-flag', 'risk-return', 'seller-digest', 'upserve-log', 'suppression', 'suppressed-addresses',
      ]),
    );
    expect(exported.items.profile).toEqual([expect.objectContaining({ customerId: ERASED, email: ERASED_EMAIL })]);
    expect(exported.items.order!.map((o) => o.orderId).sort()).toEqual(['ana-1', 'ana-2']);
    expect(exported.items['seller-digest']).toContainEqual(expect.objectContaining({ sellerId: 's-anna', listedAtRisk: true }));
    expect(exported.items.suppression).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'unsubscribe', address: ERASED_EMAIL.toLowerCase() }),
        expect.objectContaining({ reason: 'bounce', address: OLD_EMAIL }),
        expect.objectContaining({ reason: 'unsubscribe', customerId: ERASED }),
      ]),
    );
    const text = JSON.stringify(exported);
    expect(text).not.toContain(BYSTANDER);
    expect(text).not.toMatch(/"(pk|sk|duePk|dueSk|leaseHolder)"/);
  });

  it('leaves no item anywhere that names them or their address, only the hashed suppressions, and announces it', async () => {
    const before = await tableText(table.doc, table.tableName);
    expect(before.filter((t) => t.includes(ERASED)).length).toBeGreaterThan(10);

    const erased = await eraseCustomer(ERASED, deps);

    const after = await tableText(table.doc, table.tableName);
    expect(after.filter((t) => t.includes(ERASED) || t.includes(ERASED_EMAIL.toLowerCase()))).toEqual([]);
    expect(after.filter((t) => t.includes('"sk":"hashed#'))).toHaveLength(3); // the customer and both addresses
    expect(after.filter((t) => t.includes(BYSTANDER)).length).toBeGreaterThan(3);
    expect(after.some((t) => t.includes('"type":"seller-digest"') && t.includes(BYSTANDER))).toBe(true);
    // Besides the items erased and the digests updated, the three suppressions in clear gave way to their hashes.
    expect(erased.itemsErased + erased.digestsUpdated + 3).toBe(before.filter((t) => t.includes(ERASED)).length);
    expect(erased.digestsUpdated).toBeGreaterThan(0);
    expect(events.ofType(DetailType.CustomerErased).map((e) => e.detail)).toEqual([erased]);
    expect(await exportCustomer(ERASED, deps)).toEqual({ customerId: ERASED, exportedAt: deps.now, items: {} });
  });

  it('never mails them again when they order later, under their id or with their address, by the hashes alone', async () => {
    const mailedBefore = (await mailTo(ERASED_EMAIL)).length;
    const later = await replayOrders(
      [orderOf(ERASED, 'erasable-ana-new@example.com', 'ana-3', '2026-05-04T10:00:00Z'), orderOf('new-id-of-ana', ERASED_EMAIL.toLowerCase(), 'ana-4', '2026-05-04T11:00:00Z')],
      '2026-05-25T00:00:00.000Z',
    );

    expect(later.failed).toEqual([]);
    expect(later.counts.firstPurchaseDetected).toBe(2);
    for (const id of [ERASED, 'new-id-of-ana']) expect(later.skipped.filter((s) => s.customerId === id).map((s) => s.reason), id).toEqual(expect.arrayContaining(['suppressed']));
    expect(later.emails.filter((e) => e.customerId === ERASED || e.customerId === 'new-id-of-ana')).toEqual([]);
    expect((await mailTo(ERASED_EMAIL)).length).toBe(mailedBefore);
  }, 120_000);

  it('rejects a bad request naming each bad field, touching nothing', async () => {
    const rejected = await privacyHandler({ action: 'forget', customerId: ' ', at: 'yesterday' }).catch((e: unknown) => e as Error);
    expect(rejected).toMatchObject({ name: 'InvalidEventError' });
    for (const field of ['action', 'customerId', 'at']) expect((rejected as Error).message).toContain(`${field}:`);
  });

  it('does the same from the shell: npm run customer -- export|erase <id> against DynamoDB Local', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'privacy-cli-')), 'export', `${BYSTANDER}.json`);
    const local = ['--local', inject('dynamoEndpoint'), '--table', table.tableName, '--at', '2026-05-26T09:00:00Z'];
    await customerCli(['export', BYSTANDER, '--out', out, ...local]);
    const file = JSON.parse(readFileSync(out, 'utf8')) as CustomerExport;
    expect(file).toMatchObject({ customerId: BYSTANDER, exportedAt: '2026-05-26T09:00:00.000Z' });
    expect(file.items.profile).toEqual([expect.objectContaining({ email: 'stays-bob@example.com' })]);

    const erased = await customerCli(['erase', BYSTANDER, ...local]);
    expect(erased.stdout).toMatch(new RegExp(`^Erased customer ${BYSTANDER}: \\d+ items deleted, taken out of \\d+ seller digests`));
    expect(erased.stderr).toContain('published Customer Erased');
    expect((await tableText(table.doc, table.tableName)).filter((t) => t.includes(BYSTANDER))).toEqual([]);

    const wrong = await customerCli(['forget', BYSTANDER, ...local]).catch((e: { code: number; stderr: string }) => e);
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: npm run customer -- erase <customer-id>') });
  }, 60_000);
});

const customerCli = (args: string[]) => promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['scripts/customer.ts', ...args], { encoding: 'utf8' });
