import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDeps } from './client';
import { untilProcessed } from './unprocessed';

/** BatchGetItem takes at most this many keys per call. */
const MAX_KEYS = 100;

/**
 * Every stored item of `keys` (missing ones are left out), in calls of 100 keys, retrying what
 * DynamoDB leaves unprocessed under load; capacity goes to the meter when there is one.
 */
export async function batchGet(
  { doc, tableName, meter }: DynamoDeps,
  keys: readonly { pk: string; sk: string }[],
  options: { consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += MAX_KEYS) {
    await untilProcessed<Record<string, unknown>>(keys.slice(i, i + MAX_KEYS), async (pending) => {
      const out = await doc.send(
        new BatchGetCommand({
          RequestItems: { [tableName]: { Keys: pending, ConsistentRead: options.consistent } },
          ...(meter ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
        }),
      );
      meter?.add('read', out.ConsumedCapacity);
      items.push(...(out.Responses?.[tableName] ?? []));
      return out.UnprocessedKeys?.[tableName]?.Keys;
    });
  }
  return items;
}
