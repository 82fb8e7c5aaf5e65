import { randomUUID } from 'node:crypto';
import { UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Lease } from '../../ports';
import type { DynamoDeps } from './client';
import { ifConditionHolds } from './conditional';

/** A new lease until `until`, with a holder id of its own. */
export const newLease = (until: string): Lease => ({ holder: randomUUID(), until });

/** An update of one item: what to set or remove, the condition besides the lease's, and their names and values. */
export interface LeasedUpdate {
  Key: Record<string, unknown>;
  set?: string[];
  remove?: string[];
  condition?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * The one claim/lease primitive for work that must happen once (outreach steps, seller digests).
 * `claim` takes an item whose lease is absent or ran out (a crashed holder loses nothing: the work
 * becomes claimable again); `whileHeld` writes only as long as the caller is still the holder, so
 * completing, giving back or moving on is done by the holder alone, never by a run that lost it;
 * `whileFree` writes on an item nobody holds without taking it (a step deferred as it was read).
 * The attributes are `leaseHolder` and `leaseUntil` on the item itself.
 */
export function makeLeases({ doc, tableName }: DynamoDeps) {
  const send = (update: LeasedUpdate, leaseCondition: string, leaseValues: Record<string, unknown>, returnValues?: UpdateCommandInput['ReturnValues']) => {
    const condition = update.condition ? `(${leaseCondition}) AND (${update.condition})` : leaseCondition;
    const set = update.set?.length ? `SET ${update.set.join(', ')}` : '';
    const remove = update.remove?.length ? ` REMOVE ${update.remove.join(', ')}` : '';
    return ifConditionHolds(
      doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: update.Key,
          UpdateExpression: `${set}${remove}`.trim(),
          ConditionExpression: condition,
          ExpressionAttributeNames: update.names && Object.keys(update.names).length ? update.names : undefined,
          ExpressionAttributeValues: { ...update.values, ...leaseValues },
          ReturnValues: returnValues,
        }),
      ),
    );
  };

  return {
    /** Takes the item for `lease` if nobody holds it (or the holder's lease ran out); its new attributes, or undefined. */
    async claim(update: LeasedUpdate, lease: Lease, now: string): Promise<Record<string, unknown> | undefined> {
      const out = await send(
        { ...update, set: ['leaseHolder = :leaseHolder', 'leaseUntil = :leaseUntil', ...(update.set ?? [])] },
        'attribute_not_exists(leaseUntil) OR leaseUntil < :leaseNow',
        { ':leaseHolder': lease.holder, ':leaseUntil': lease.until, ':leaseNow': now },
        'ALL_NEW',
      );
      return out?.Attributes;
    },

    /** Writes `update` only while nobody holds the item (no lease, or it ran out), taking none; false otherwise. */
    async whileFree(update: LeasedUpdate, now: string): Promise<boolean> {
      return (await send(update, 'attribute_not_exists(leaseUntil) OR leaseUntil < :leaseNow', { ':leaseNow': now })) !== undefined;
    },

    /** Writes `update` only while `lease` is still the item's lease; false when the holder lost it. */
    async whileHeld(update: LeasedUpdate, lease: Lease): Promise<boolean> {
      return (await send(update, 'leaseHolder = :leaseHolder', { ':leaseHolder': lease.holder })) !== undefined;
    },
  };
}

/** The lease stored on an item, if it has one. */
export const leaseOf = (item: Record<string, unknown>): Lease | undefined =>
  typeof item.leaseHolder === 'string' && typeof item.leaseUntil === 'string' ? { holder: item.leaseHolder, until: item.leaseUntil } : undefined;
