import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDeps } from './client';
import { untilProcessed } from './unprocessed';

/** BatchWriteItem takes at most this many requests per call. */
const MAX_ITEMS = 25;

/**
 * Puts whole `items`, 25 per BatchWriteItem, retrying what DynamoDB leaves unprocessed under load.
 * A batched put takes no condition: only for items that are simply replaced. Same units as single puts.
 */
export async function batchPut({ doc, tableName, meter }: DynamoDeps, items: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += MAX_ITEMS) {
    await untilProcessed(
      items.slice(i, i + MAX_ITEMS).map((Item) => ({ PutRequest: { Item } })),
      async (pending) => {
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending }, ...(meter ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}) }));
        meter?.add('write', out.ConsumedCapacity);
        return out.UnprocessedItems?.[tableName] as typeof pending | undefined;
      },
    );
  }
}
