import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { dispatchOutreach } from '../../functions/outreach-dispatcher/dispatch-outreach';
import { localDynamoClient } from '../../infra/local/stand-ins';
import type { EventPublisher } from '../../shared/ports';
import { countSdkCalls, onSdkCall } from '../../shared/runtime/sdk-calls';
import { collectingPublisher } from '../support/local';
import { dispatcherDeps, outreachWorld } from '../support/outreach';

const CUSTOMERS = 30;
const PLACED = '2026-03-02T10:00:00Z';
/** The thank-you is due a day later, inside the customers' waking hours. */
const DUE = '2026-03-03T12:00:00.000Z';

/** 23:30 in Lisbon, where the customers live: inside their quiet hours. */
const LATE = '2026-03-03T23:30:00.000Z';

/** DynamoDB requests of one dispatcher run at `now` over the due thank-yous of {@link CUSTOMERS} customers, by operation. */
async function callsOfOneRun(now = DUE, customer: { marketingConsent?: boolean } = {}) {
  const world = await outreachWorld({ secondSale: { enabled: true, steps: [{ id: 'thank-you', delayDays: 1, enabled: true }] } });
  for (let i = 0; i < CUSTOMERS; i++) await world.place(world.order(`calls-${i}`, { orderId: `calls-${i}-1`, placedAt: PLACED }, customer));
  const calls: Record<string, number> = {};
  onSdkCall((service, operation) => {
    if (service === 'DynamoDB') calls[operation] = (calls[operation] ?? 0) + 1;
  });
  const doc = DynamoDBDocumentClient.from(countSdkCalls(localDynamoClient(inject('dynamoEndpoint'))), { marshallOptions: { removeUndefinedValues: true } });
  const bus = collectingPublisher();
  const puts: number[] = [];
  const events: EventPublisher = {
    async publish(batch) {
      puts.push(batch.length);
      await bus.publish(batch);
    },
  };
  const counts = await dispatchOutreach(await dispatcherDeps(world.table, { now, doc, events }));
  onSdkCall(undefined);
  return { counts, calls, puts, published: bus.events.length };
}

describe('the DynamoDB requests of a dispatcher run', () => {
  afterEach(() => onSdkCall(undefined));

  it('reads the profiles, contact logs and suppressions of a page of due steps in batches, not per step', async () => {
    const { counts, calls } = await callsOfOneRun();
    expect(counts.sent).toBe(CUSTOMERS);
    // One: the flow switches, read at most once a minute; none per step.
    expect(calls.GetItem ?? 0).toBe(1);
    // Two pages of at most 25 steps: profiles, contact logs, then suppressions of each.
    expect(calls.BatchGetItem).toBeLessThanOrEqual(6);
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    expect(total / CUSTOMERS).toBeLessThan(5.5);
  }, 60_000);

  it('defers a step by quiet hours in one write, without claiming it first', async () => {
    const { counts, calls } = await callsOfOneRun(LATE);
    expect(counts.deferred).toBe(CUSTOMERS);
    expect(calls.UpdateItem).toBe(CUSTOMERS);
    // Per page, the profiles, contact logs and steps in one batch, then the suppressions.
    expect(calls.BatchGetItem).toBe(4);
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    expect(total / CUSTOMERS).toBeLessThan(1.3);
  }, 60_000);

  it('skips a step without consent in its outcome write and the write that takes it out of the index, without claiming it first', async () => {
    const { counts, calls } = await callsOfOneRun(DUE, { marketingConsent: false });
    expect(counts.skipped).toBe(CUSTOMERS);
    expect(calls.UpdateItem).toBe(2 * CUSTOMERS);
  }, 60_000);

  it('announces the outcomes of a page up to ten events per PutEvents', async () => {
    const { counts, puts, published } = await callsOfOneRun();
    expect(counts.sent).toBe(CUSTOMERS);
    expect(published).toBe(CUSTOMERS);
    // Page one: 25 events in three calls; page two: 5 in one.
    expect(puts).toEqual([10, 10, 5, 5]);
  }, 60_000);
});
