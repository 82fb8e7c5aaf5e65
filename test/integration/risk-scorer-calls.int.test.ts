import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { makeDynamoCustomerStore, makeDynamoRiskSchedule } from '../../shared/adapters/dynamodb/customer-store';
import { makeDynamoOutreachQueue } from '../../shared/adapters/dynamodb/outreach-queue';
import { makeDynamoSellerDesk } from '../../shared/adapters/dynamodb/seller-desk';
import { localDynamoClient } from '../../infra/local/stand-ins';
import { countSdkCalls, onSdkCall } from '../../shared/runtime/sdk-calls';
import { riskWorld } from '../support/risk';

// The test model flags a one-time buyer 98 days after their first purchase day.
const FIRST = '2026-01-05T10:00:00.000Z';
const SCORER_RUN = '2026-04-13T04:00:00.000Z';
/** More than one batch of 100 keys. */
const DUE = 150;

describe('the DynamoDB requests of a risk scorer run', () => {
  afterEach(() => onSdkCall(undefined));

  it('reads the due profiles 100 per BatchGetItem, not one GetItem each', async () => {
    const world = await riskWorld();
    await Promise.all(Array.from({ length: DUE }, (_, i) => world.place(world.order(`due-${i}`, FIRST))));
    const calls: Record<string, number> = {};
    onSdkCall((service, operation) => {
      if (service === 'DynamoDB') calls[operation] = (calls[operation] ?? 0) + 1;
    });
    const doc = DynamoDBDocumentClient.from(countSdkCalls(localDynamoClient(inject('dynamoEndpoint'))), { marshallOptions: { removeUndefinedValues: true } });
    const counted = { doc, tableName: world.table.tableName };
    const counts = await world.score(SCORER_RUN, {
      customers: makeDynamoCustomerStore(counted),
      schedule: makeDynamoRiskSchedule(counted),
      queue: makeDynamoOutreachQueue(counted),
      desk: makeDynamoSellerDesk(counted),
    });

    expect(counts).toMatchObject({ flagged: DUE, errored: 0 });
    expect(calls.BatchGetItem).toBe(2);
    // What is left of GetItem is the one order behind each flagged customer's silence.
    expect(calls.GetItem).toBe(DUE);
  }, 60_000);
});
