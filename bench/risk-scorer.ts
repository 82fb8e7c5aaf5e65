/**
 * `npm run bench:risk`: the daily risk scorer's read cost at 10k and 100k customers with the same
 * customers due, as DynamoDB Local reports it (`ReturnConsumedCapacity`), next to what one scan of
 * the same table would read. Of the due customers, three in four are silent past their at-risk date
 * (flagged) and one in four ordered since their check was set (moved on, not flagged).
 */
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { scoreAtRiskCustomers } from '../functions/risk-scorer/score-at-risk-customers';
import { startDynamoLocal, createTable, localDynamoClient } from '../infra/local/stand-ins';
import { CapacityMeter } from '../shared/adapters/dynamodb/capacity';
import { makeDynamoCustomerStore, makeDynamoRiskSchedule } from '../shared/adapters/dynamodb/customer-store';
import { makeDynamoOutreachQueue } from '../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSellerDesk } from '../shared/adapters/dynamodb/seller-desk';
import { loadConfigFile } from '../shared/config/config-file';
import type { OrderPlaced } from '../shared/contracts/events';
import { applyOrder, newProfile, type CustomerProfile } from '../shared/domain/purchase';
import { atRiskAt, scheduleRiskCheck, summaryOf } from '../shared/domain/risk/assess';
import { PRIOR_RISK_MODEL } from '../shared/domain/risk/prior';
import { addDays } from '../shared/domain/time';
import { KeyedQueue } from '../infra/local/key-queue';

const config = loadConfigFile();
const NOW = '2026-06-01T04:00:00.000Z';
const DUE = 200;

const order = (customerId: string, orderId: string, placedAt: string): OrderPlaced => ({
  orderId,
  placedAt,
  customer: { id: customerId, email: `${customerId}@example.com`, name: `Customer ${customerId}`, sellerId: config.sellers.defaultSellerId, marketingConsent: true },
  currency: 'EUR',
  total: 30,
  items: [{ sku: 'cd-1', name: 'Kind of Blue', quantity: 1, unitPrice: 30 }],
});

/** The profile the intake would have stored after these orders (first to last), with its risk check. */
function profileAfter(orders: OrderPlaced[], checkFrom = orders.length): CustomerProfile {
  let profile = newProfile(orders[0]!);
  orders.forEach((o, i) => {
    const outcome = applyOrder(profile, o, o.placedAt);
    if (outcome.kind === 'duplicate') return;
    profile = outcome.profile;
    // Orders after `checkFrom` leave the check where it was: it only ever moves earlier.
    if (i < checkFrom) profile = scheduleRiskCheck(profile, atRiskAt(PRIOR_RISK_MODEL, config.risk, summaryOf(profile)!));
  });
  return { ...profile, version: 0 };
}

/** `customers` customers of whom DUE are due at NOW: 3 in 4 silent for 120 days, 1 in 4 with a check that is stale after a new order. */
function population(customers: number): { profiles: CustomerProfile[]; orders: OrderPlaced[] } {
  const profiles: CustomerProfile[] = [];
  const orders: OrderPlaced[] = [];
  for (let i = 0; i < customers; i++) {
    const id = `c${i}`;
    const placed = i < DUE ? [order(id, `${id}-1`, addDays(NOW, -120))] : [order(id, `${id}-1`, addDays(NOW, -10 - (i % 50)))];
    if (i < DUE && i % 4 === 3) placed.push(order(id, `${id}-2`, addDays(NOW, -5)));
    profiles.push(profileAfter(placed, 1));
    if (i < DUE) orders.push(...placed);
  }
  return { profiles, orders };
}

async function seed(doc: DynamoDBDocumentClient, tableName: string, customers: number): Promise<void> {
  const store = makeDynamoCustomerStore({ doc, tableName });
  const { profiles, orders } = population(customers);
  const queue = new KeyedQueue(32);
  for (const p of profiles) queue.submit(p.customerId, async () => void (await store.saveProfile(p)));
  for (const o of orders) queue.submit(o.customer.id, async () => void (await store.recordOrder(o)));
  await queue.drain();
}

async function measure(doc: DynamoDBDocumentClient, tableName: string) {
  const meter = new CapacityMeter();
  const own = { doc, tableName, meter };
  const started = performance.now();
  const counts = await scoreAtRiskCustomers({
    schedule: makeDynamoRiskSchedule(own),
    customers: makeDynamoCustomerStore(own),
    desk: makeDynamoSellerDesk(own),
    queue: makeDynamoOutreachQueue(own),
    events: { publish: async () => undefined },
    model: PRIOR_RISK_MODEL,
    policy: config.risk,
    sellers: config.sellers,
    winBackGraceDays: config.risk.winBackGraceDays,
    now: NOW,
  });
  const seconds = (performance.now() - started) / 1000;
  return { counts, reads: meter.units.read, seconds, scanReads: await scanReads(doc, tableName) };
}

/** What reading every item once would cost: the alternative the due index avoids. */
async function scanReads(doc: DynamoDBDocumentClient, tableName: string): Promise<number> {
  const meter = new CapacityMeter();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ReturnConsumedCapacity: 'TOTAL', ExclusiveStartKey }));
    meter.add('read', page.ConsumedCapacity);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return meter.units.read;
}

async function main(): Promise<void> {
  const dynamo = await startDynamoLocal();
  const client = localDynamoClient(dynamo.endpoint);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    console.log(`\nRisk scorer read cost (one DynamoDB Local, ${DUE} customers due of each base)`);
    for (const customers of [10_000, 100_000]) {
      const tableName = `bench-risk-${customers}`;
      await createTable(client, tableName);
      const seeding = performance.now();
      await seed(doc, tableName, customers);
      const r = await measure(doc, tableName);
      const due = r.counts.flagged + r.counts.rescheduled + r.counts.unscheduled + r.counts['not-due'];
      console.log(
        `  ${String(customers).padStart(7)} customers (seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s): ${due} due → ${r.counts.flagged} flagged, ${r.counts.rescheduled} moved on; ` +
          `${r.reads.toFixed(1)} read units = ${(r.reads / due).toFixed(3)} per due customer; ${r.seconds.toFixed(1)} s` +
          `  (a scan of the table: ${r.scanReads.toFixed(0)} read units)`,
      );
    }
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
