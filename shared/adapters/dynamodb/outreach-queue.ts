import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OutreachFlow } from '../../contracts/events';
import { TableShape } from '../../contracts/table';
import type { QueuedStep } from '../../domain/outreach';
import type { DueRef, Lease, OutgoingEvent, OutreachQueue, SeenStep, StepOutcome } from '../../ports';
import { queryAll, withoutUndefined, type DynamoDeps } from './client';
import { OUTREACH_DUE } from '../../contracts/table';
import { customerIdOfPk, customerPk, dueUntil, expiresAfter, stepDueSk, stepPrefix, stepSk } from './keys';
import { ifConditionHolds } from './conditional';
import { addDays } from '../../domain/time';
import { makeLeases, newLease, type LeasedUpdate } from './lease';

/** Finished steps stay two years as contact history, then expire. */
const HISTORY_DAYS = 730;
/** How long the planner keeps the announcement of a step it ended before a dispatcher may publish it instead. */
const ANNOUNCE_LEASE_MINUTES = 15;

/** Attribute names and values of `fields`, as `SET #name = :name` clauses. */
const setting = (fields: Record<string, unknown>) => {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  return {
    set: entries.map(([n]) => `#${n} = :${n}`),
    names: Object.fromEntries(entries.map(([n]) => [`#${n}`, n])),
    values: Object.fromEntries(entries.map(([n, v]) => [`:${n}`, v])),
  };
};

/**
 * {@link OutreachQueue} on the single table: a step is an item under its customer; while it waits (or
 * is leased, or its outcome's events are not yet published) it carries `duePk`/`dueSk` and so sits in
 * the sparse due-date index, which is all the dispatcher reads. Claims are {@link makeLeases} leases.
 */
export function makeDynamoOutreachQueue(deps: DynamoDeps): OutreachQueue {
  const { doc, tableName } = deps;
  const leases = makeLeases(deps);
  const key = (step: Pick<QueuedStep, 'customerId' | 'flow' | 'sequenceId' | 'stepId'>) => ({ pk: customerPk(step.customerId), sk: stepSk(step) });
  const leaseSort = (step: QueuedStep, lease: Lease) => stepDueSk(lease.until, step.customerId, stepSk(step));

  /** The write that ends a step: outcome, history TTL and the events to announce, which keep it in the index until published. */
  const finishing = (step: QueuedStep, { status, ...fields }: StepOutcome, events: OutgoingEvent[], at: string, lease: Lease): LeasedUpdate => {
    const announce = events.length > 0;
    const set = setting({ status, finishedAt: at, expiresAt: expiresAfter(at, HISTORY_DAYS), ...fields, outbox: announce ? events : undefined });
    return {
      Key: key(step),
      set: [...set.set, ...(announce ? ['dueSk = :leaseSort'] : [])],
      remove: ['interrupted', 'retryingSince', ...(announce ? [] : ['duePk', 'dueSk', 'leaseHolder', 'leaseUntil'])],
      names: set.names,
      values: { ...set.values, ...(announce ? { ':leaseSort': leaseSort(step, lease) } : {}) },
    };
  };

  return {
    async enqueue(steps) {
      await Promise.all(
        steps.map(async (step) => {
          const sk = stepSk(step);
          await ifConditionHolds(
            doc.send(
              new PutCommand({
                TableName: tableName,
                Item: { pk: customerPk(step.customerId), sk, type: 'outreach', status: 'queued', ...step, notes: [], duePk: OUTREACH_DUE, dueSk: stepDueSk(step.dueAt, step.customerId, sk) },
                ConditionExpression: 'attribute_not_exists(pk)',
              }),
            ),
          );
        }),
      );
    },

    async pending(customerId, filter = {}) {
      const items = await queryAll(doc, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#status = :queued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': stepPrefix(filter), ':queued': 'queued' },
      });
      return items.map(toStep);
    },

    async due(now, limit, { held = new Set<OutreachFlow>() } = {}) {
      // The keys-only index holds each step's sort key, which names its flow: held steps are passed over unread and unwritten.
      const heldPrefixes = [...held].map((flow) => stepPrefix({ flow }));
      const refs: DueRef[] = [];
      let passedOver = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: TableShape.dueIndex.name,
            KeyConditionExpression: 'duePk = :due AND dueSk <= :now',
            ExpressionAttributeValues: { ':due': OUTREACH_DUE, ':now': dueUntil(now) },
            Limit: limit,
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          if (refs.length === limit) break;
          const ref = { customerId: customerIdOfPk(item.pk), key: String(item.sk), dueSort: String(item.dueSk) };
          if (heldPrefixes.some((prefix) => ref.key.startsWith(prefix))) passedOver++;
          else refs.push(ref);
        }
        // Without held flows one page answers, as it always did; with them, read on until the run has its fill.
        ExclusiveStartKey = heldPrefixes.length && refs.length < limit ? page.LastEvaluatedKey : undefined;
      } while (ExclusiveStartKey);
      return { refs, held: passedOver };
    },

    async claim(ref: DueRef, now, leaseUntil) {
      const lease = newLease(leaseUntil);
      const item = await leases.claim(
        {
          Key: { pk: customerPk(ref.customerId), sk: ref.key },
          // A claim moves the step's place in the index: whoever read the old place and comes second loses.
          // Every claim counts as interrupted until it ends with an outcome, so crashes are counted too.
          set: ['dueSk = :leaseSort', 'claimedAt = :now', 'interrupted = if_not_exists(interrupted, :zero) + :one'],
          condition: 'dueSk = :seen',
          values: { ':leaseSort': stepDueSk(lease.until, ref.customerId, ref.key), ':seen': ref.dueSort, ':now': now, ':zero': 0, ':one': 1 },
        },
        lease,
        now,
      );
      if (!item) return { kind: 'taken' };
      const step = toStep(item);
      if (item.status === 'queued') return { kind: 'claimed', step, lease, interrupted: Number(item.interrupted) - 1 };
      if (item.status === 'sending') return { kind: 'outcome-unknown', step, lease };
      return { kind: 'unannounced', step, lease, events: (item.outbox as OutgoingEvent[] | undefined) ?? [] };
    },

    beginSend: (step, lease) =>
      leases.whileHeld(
        { Key: key(step), set: ['#status = :sending'], condition: '#status = :queued', names: { '#status': 'status' }, values: { ':sending': 'sending', ':queued': 'queued' } },
        lease,
      ),

    async finish(step, outcome, events, at, by) {
      if (by && isSeen(by)) {
        // Ended as it was read, unclaimed: the write takes the announcement's lease, as a claim would.
        const own = newLease(addDays(at, ANNOUNCE_LEASE_MINUTES / (24 * 60)));
        const update = finishing(step, outcome, events, at, own);
        const held = await leases.claim(
          { ...update, remove: update.remove!.filter((n) => n !== 'leaseHolder' && n !== 'leaseUntil'), ...asSeen(by, update) },
          own,
          by.now,
        );
        return held && own;
      }
      const lease = by;
      if (lease) return (await leases.whileHeld(finishing(step, outcome, events, at, lease), lease)) ? lease : undefined;
      // The planner ends a waiting step even while a dispatcher holds it: that run's next write then fails, so it never sends.
      const own = newLease(addDays(at, ANNOUNCE_LEASE_MINUTES / (24 * 60)));
      const update = finishing(step, outcome, events, at, own);
      const out = await ifConditionHolds(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: update.Key,
            UpdateExpression: `SET ${[...update.set!, 'leaseHolder = :holder', 'leaseUntil = :until'].join(', ')} REMOVE ${update.remove!.filter((n) => n !== 'leaseHolder' && n !== 'leaseUntil').join(', ')}`,
            ConditionExpression: '#status = :queued',
            ExpressionAttributeNames: { ...update.names, '#status': 'status' },
            ExpressionAttributeValues: { ...update.values, ':holder': own.holder, ':until': own.until, ':queued': 'queued' },
          }),
        ),
      );
      return out && own;
    },

    async announced(step, lease) {
      await leases.whileHeld({ Key: key(step), remove: ['duePk', 'dueSk', 'outbox', 'leaseHolder', 'leaseUntil'] }, lease);
    },

    reschedule(step, by, dueAt, note, { interrupted = false } = {}) {
      const sk = stepSk(step);
      const update: LeasedUpdate = {
          Key: key(step),
          set: [
            '#status = :queued', 'dueAt = :dueAt', 'duePk = :due', 'dueSk = :dueSk', 'attempts = :attempts',
            'notes = list_append(if_not_exists(notes, :none), :note)',
            ...(step.retryingSince ? ['retryingSince = :since'] : []),
          ],
          remove: ['leaseHolder', 'leaseUntil', ...(step.retryingSince ? [] : ['retryingSince']), ...(interrupted ? [] : ['interrupted'])],
          condition: '#status IN (:queued, :sending)',
          names: { '#status': 'status' },
          values: {
            ':queued': 'queued', ':sending': 'sending', ':dueAt': dueAt, ':due': OUTREACH_DUE, ':dueSk': stepDueSk(dueAt, step.customerId, sk),
            ':attempts': step.attempts, ':none': [], ':note': [note], ...(step.retryingSince ? { ':since': step.retryingSince } : {}),
          },
      };
      return isSeen(by) ? leases.whileFree({ ...update, ...asSeen(by, update) }, by.now) : leases.whileHeld(update, by);
    },

    async retime(step, dueAt, note, now) {
      const sk = stepSk(step);
      const moved = await ifConditionHolds(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(step),
            UpdateExpression: 'SET dueAt = :dueAt, dueSk = :dueSk, notes = list_append(if_not_exists(notes, :none), :note)',
            // Only a step that waits and that no live lease holds: a run at work on it finishes what it began.
            ConditionExpression: '#status = :queued AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':dueAt': dueAt, ':dueSk': stepDueSk(dueAt, step.customerId, sk), ':none': [], ':note': [note], ':queued': 'queued', ':now': now },
          }),
        ),
      );
      return moved !== undefined;
    },
  };
}

const isSeen = (by: Lease | SeenStep): by is SeenStep => 'dueSort' in by;

/** `update`'s condition narrowed to a step still queued where its page saw it. */
const asSeen = ({ dueSort }: SeenStep, update: LeasedUpdate): Pick<LeasedUpdate, 'condition' | 'names' | 'values'> => ({
  condition: `${update.condition ? `(${update.condition}) AND ` : ''}dueSk = :seen AND #status = :queued`,
  names: { ...update.names, '#status': 'status' },
  values: { ...update.values, ':seen': dueSort, ':queued': 'queued' },
});

/**
 * The step of a due-page item when it can be decided before a claim: queued where the index listed
 * it, with no live lease, and no claim of it ever interrupted (those go through a claim, which counts them).
 */
export function unclaimedStep(item: Record<string, unknown>, ref: DueRef, now: string): QueuedStep | undefined {
  const free = typeof item.leaseUntil !== 'string' || item.leaseUntil < now;
  return item.status === 'queued' && item.dueSk === ref.dueSort && free && !item.interrupted ? toStep(item) : undefined;
}

const toStep = (item: Record<string, unknown>): QueuedStep => {
  const { customerId, sellerId, flow, kind, sequenceId, stepId, dueAt, queuedAt, payload, attempts, retryingSince } = item as unknown as QueuedStep;
  return withoutUndefined({ customerId, sellerId, flow, kind, sequenceId, stepId, dueAt, queuedAt, payload, attempts: attempts ?? 0, retryingSince });
};
