import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TableShape } from '../../contracts/table';
import { stepKey, type QueuedStep } from '../../domain/outreach';
import type { DueRef, OutreachQueue } from '../../ports';
import type { DynamoDeps } from './customer-store';
import { OUTREACH_DUE } from '../../contracts/table';
import { customerPk, expiresAfter } from './keys';
import { conditionHeld, ifConditionHolds } from './conditional';

/** Finished steps stay two years as contact history, then expire. */
const HISTORY_DAYS = 730;

const dueSort = (dueAt: string, customerId: string, key: string): string => `${dueAt}#${customerId}#${key}`;

/**
 * {@link OutreachQueue} on the single table: a step is an item under its customer; while it waits it
 * carries `duePk`/`dueSk` and so sits in the sparse due-date index, which is all the dispatcher reads.
 */
export function makeDynamoOutreachQueue({ doc, tableName }: DynamoDeps): OutreachQueue {
  const key = (step: Pick<QueuedStep, 'customerId' | 'flow' | 'sequenceId' | 'stepId'>) => ({ pk: customerPk(step.customerId), sk: stepKey(step) });

  const finish = async (step: QueuedStep, status: string, at: string, fields: Record<string, unknown>, onlyIfWaiting = false): Promise<boolean> => {
    const names = Object.keys(fields);
    return conditionHeld(
      doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(step),
          UpdateExpression: `SET #status = :status, finishedAt = :at, expiresAt = :ttl${names.map((n) => `, #${n} = :${n}`).join('')} REMOVE duePk, dueSk, leaseUntil`,
          ConditionExpression: onlyIfWaiting ? '#status IN (:queued, :sending)' : undefined,
          ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(names.map((n) => [`#${n}`, n])) },
          ExpressionAttributeValues: {
            ':status': status,
            ':at': at,
            ':ttl': expiresAfter(at, HISTORY_DAYS),
            ...(onlyIfWaiting ? { ':queued': 'queued', ':sending': 'sending' } : {}),
            ...Object.fromEntries(names.map((n) => [`:${n}`, fields[n]])),
          },
        }),
      ),
    );
  };

  return {
    async enqueue(steps) {
      await Promise.all(
        steps.map(async (step) => {
          const sk = stepKey(step);
          await ifConditionHolds(
            doc.send(
              new PutCommand({
                TableName: tableName,
                Item: { pk: customerPk(step.customerId), sk, type: 'outreach', status: 'queued', ...step, notes: [], duePk: OUTREACH_DUE, dueSk: dueSort(step.dueAt, step.customerId, sk) },
                ConditionExpression: 'attribute_not_exists(pk)',
              }),
            ),
          );
        }),
      );
    },

    async pending(customerId, filter = {}) {
      const prefix = ['OUTREACH', filter.flow, filter.flow && filter.sequenceId].filter(Boolean).join('#');
      const items = await queryAll(doc, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#status = :queued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': customerPk(customerId), ':prefix': `${prefix}#`, ':queued': 'queued' },
      });
      return items.map(toStep);
    },

    async due(now, limit) {
      const { Items = [] } = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: TableShape.dueIndex.name,
          KeyConditionExpression: 'duePk = :due AND dueSk <= :now',
          ExpressionAttributeValues: { ':due': OUTREACH_DUE, ':now': `${now}~` },
          Limit: limit,
        }),
      );
      return Items.map((item) => ({ customerId: String(item.pk).slice('CUSTOMER#'.length), key: String(item.sk), dueSort: String(item.dueSk) }));
    },

    async claim(ref: DueRef, now, leaseUntil) {
      const out = await ifConditionHolds(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: customerPk(ref.customerId), sk: ref.key },
            // A claim moves the step's place in the index: whoever read the old place and comes second loses.
            UpdateExpression: 'SET #status = :sending, claimedAt = :now, leaseUntil = :lease, dueSk = :leaseSort',
            ConditionExpression: 'dueSk = :seen AND #status IN (:queued, :sending)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':sending': 'sending',
              ':queued': 'queued',
              ':now': now,
              ':lease': leaseUntil,
              ':leaseSort': dueSort(leaseUntil, ref.customerId, ref.key),
              ':seen': ref.dueSort,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return out?.Attributes && toStep(out.Attributes);
    },

    async markSent(step, { messageId, sentAt }) {
      await finish(step, 'sent', sentAt, { messageId, sentAt, attempts: step.attempts + 1 });
    },

    markSkipped: (step, reason, at) => finish(step, 'skipped', at, { reason }, true),

    async markFailed(step, reason, at) {
      await finish(step, 'failed', at, { reason, attempts: step.attempts });
    },

    async reschedule(step, dueAt, note) {
      const sk = stepKey(step);
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(step),
          UpdateExpression: 'SET #status = :queued, dueAt = :dueAt, duePk = :due, dueSk = :dueSk, attempts = :attempts, notes = list_append(if_not_exists(notes, :none), :note) REMOVE leaseUntil',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':queued': 'queued',
            ':dueAt': dueAt,
            ':due': OUTREACH_DUE,
            ':dueSk': dueSort(dueAt, step.customerId, sk),
            ':attempts': step.attempts,
            ':none': [],
            ':note': [note],
          },
        }),
      );
    },
  };
}

const toStep = (item: Record<string, unknown>): QueuedStep => {
  const { customerId, sellerId, flow, kind, sequenceId, stepId, dueAt, queuedAt, payload, attempts } = item as unknown as QueuedStep;
  return { customerId, sellerId, flow, kind, sequenceId, stepId, dueAt, queuedAt, payload, attempts: attempts ?? 0 };
};

/** Every item of a query, across pages; with a meter, the capacity the pages report is added to it. */
export async function queryAll(doc: DynamoDeps['doc'], input: ConstructorParameters<typeof QueryCommand>[0], meter?: DynamoDeps['meter']): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    meter?.add('read', page.ConsumedCapacity);
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
