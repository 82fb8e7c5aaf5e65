import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OutreachFlow } from '../../contracts/events';
import type { FlowTotals, TallyIncrement } from '../../domain/measure/tally';
import type { FlowUplift } from '../../domain/measure/uplift';
import type { UpliftTotals } from '../../ports';
import type { DynamoDeps } from './client';
import { customerPk, expiresAfter, measuredSk, UPLIFT_CURRENT_SK, UPLIFT_PK, upliftDaySk, upliftTotalsKey } from './keys';

/** Markers live as long as the contact history they count. */
const KEEP_DAYS = 730;

/** Attempts of an increment that keeps meeting a concurrent transaction on the totals item. */
const MAX_ATTEMPTS = 5;

/** The marker under the customer and the increment of the flow's totals, in one transaction. */
const incrementOnce = (tableName: string, increment: TallyIncrement, at: string) => () =>
  new TransactWriteCommand({
    TransactItems: [
      {
        Put: {
          TableName: tableName,
          Item: { pk: customerPk(increment.customerId), sk: measuredSk(increment.once), type: 'uplift-marker', at, expiresAt: expiresAfter(at, KEEP_DAYS) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: upliftTotalsKey(increment.flow),
          UpdateExpression: 'ADD #field :by',
          ExpressionAttributeNames: { '#field': `${increment.group}_${increment.field}` },
          ExpressionAttributeValues: { ':by': increment.by },
        },
      },
    ],
  });

/**
 * {@link UpliftTotals} on the single table: running totals per flow (`MEASURE#<flow>` / `TOTALS`), each
 * increment made once by a marker under the customer (`MEASURED#<key>`) in the same transaction.
 */
export function makeDynamoUpliftTotals({ doc, tableName }: DynamoDeps): UpliftTotals {
  return {
    async add(increment: TallyIncrement, at: string) {
      const write = incrementOnce(tableName, increment, at);
      // Every touch of a flow adds to one totals item: racing writers conflict now and then; try again.
      for (let attempt = 1; ; attempt++) {
        try {
          await doc.send(write());
          return true;
        } catch (error) {
          const reason = error instanceof TransactionCanceledException ? error.CancellationReasons?.map((r) => r.Code) : [];
          if (reason?.[0] === 'ConditionalCheckFailed') return false;
          if (!reason?.includes('TransactionConflict') || attempt >= MAX_ATTEMPTS) throw error;
        }
      }
    },

    async totals(flows) {
      const { Responses } = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: flows.map(upliftTotalsKey), ConsistentRead: true } } }));
      const items = new Map((Responses?.[tableName] ?? []).map((item) => [item.pk as string, item]));
      return new Map(
        flows.map((flow) => {
          const item = items.get(upliftTotalsKey(flow).pk) ?? {};
          const group = (name: 'mailed' | 'holdout') => ({ n: Number(item[`${name}_n`] ?? 0), converted: Number(item[`${name}_converted`] ?? 0), revenue: Number(item[`${name}_revenue`] ?? 0) });
          return [flow, { mailed: group('mailed'), holdout: group('holdout') } satisfies FlowTotals];
        }),
      );
    },

    async saveUplift(date, uplift: FlowUplift[], at) {
      const item = { pk: UPLIFT_PK, type: 'uplift', date, computedAt: at, uplift };
      await Promise.all([
        doc.send(new PutCommand({ TableName: tableName, Item: { ...item, sk: upliftDaySk(date), expiresAt: expiresAfter(at, KEEP_DAYS) } })),
        doc.send(new PutCommand({ TableName: tableName, Item: { ...item, sk: UPLIFT_CURRENT_SK } })),
      ]);
    },
  };
}
