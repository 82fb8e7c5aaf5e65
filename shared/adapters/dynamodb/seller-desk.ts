import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { endsWindow, type DigestRecord, type FlagRecord, type ReturnRecord } from '../../domain/digest';
import type { ActionRecord } from '../../domain/seller-action';
import type { DigestStatus, OutgoingEvent, SellerDesk, StoredDigest } from '../../ports';
import { withoutUndefined, type DynamoDeps } from './client';
import { actionSk, digestSk, expiresAfter, flagSk, returnSk, sellerPk, sellerWindow } from './keys';
import { ifConditionHolds } from './conditional';
import { queryAll } from './client';
import { makeLeases, newLease } from './lease';

/** Flags, returns and digests stay a little over a year: enough to look back on a season. */
const KEEP_DAYS = 400;
/** Digests read per page looking back for the latest one that ended its window: normally the first page has it. */
const DIGEST_PAGE = 8;

/**
 * {@link SellerDesk} under `SELLER#<id>`: flags and returns sorted by time, so a digest reads exactly
 * its window with one query each, and one item per digest date, leased with {@link makeLeases} while a run works on it.
 */
export function makeDynamoSellerDesk({ doc, tableName }: DynamoDeps): SellerDesk {
  const put = (Item: Record<string, unknown>) => doc.send(new PutCommand({ TableName: tableName, Item }));
  const window = async (sellerId: string, kind: 'FLAG' | 'RETURN' | 'ACTION', from: string, until: string) => {
    const bounds = sellerWindow(kind, from, until);
    return queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :until',
      ExpressionAttributeValues: { ':pk': sellerPk(sellerId), ':from': bounds.from, ':until': bounds.until },
    });
  };
  const digestKey = (d: DigestRecord) => ({ pk: sellerPk(d.sellerId), sk: digestSk(d.date) });
  const leases = makeLeases({ doc, tableName });

  return {
    async recordFlag(flag) {
      await put({ pk: sellerPk(flag.sellerId), sk: flagSk(flag.flaggedAt, flag.customerId), type: 'risk-flag', ...flag, expiresAt: expiresAfter(flag.flaggedAt, KEEP_DAYS) });
    },

    async recordReturn(back) {
      await put({ pk: sellerPk(back.sellerId), sk: returnSk(back.orderedAt, back.customerId), type: 'risk-return', ...back, expiresAt: expiresAfter(back.orderedAt, KEEP_DAYS) });
    },

    async recordAction(action) {
      const Item = { pk: sellerPk(action.sellerId), sk: actionSk(action.flaggedAt, action.customerId, action.action), type: 'seller-action', ...action, expiresAt: expiresAfter(action.at, KEEP_DAYS) };
      // The first record of an action stays: a retried request must not move when the seller acted.
      await ifConditionHolds(doc.send(new PutCommand({ TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' })));
    },

    async activity(sellerId, from, until) {
      const [actions, returns] = await Promise.all([window(sellerId, 'ACTION', from, until), window(sellerId, 'RETURN', from, until)]);
      return { actions: actions.map(toAction), returns: returns.map(toReturn) };
    },

    async between(sellerId, from, until) {
      const [flags, returns] = await Promise.all([window(sellerId, 'FLAG', from, until), window(sellerId, 'RETURN', from, until)]);
      return { flags: flags.map(toFlag), returns: returns.map(toReturn) };
    },

    async recentDigests(sellerId) {
      const found: StoredDigest[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :digest)',
            ExpressionAttributeValues: { ':pk': sellerPk(sellerId), ':digest': digestSk('') },
            ScanIndexForward: false,
            ConsistentRead: true,
            Limit: DIGEST_PAGE,
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          found.push(toDigest(item));
          if (endsWindow(item.status as DigestStatus)) return found;
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return found;
    },

    async claimDigest(digest, leaseUntil, now) {
      const lease = newLease(leaseUntil);
      const item = await leases.claim(
        {
          Key: digestKey(digest),
          set: [
            '#type = :type',
            'sellerId = :sellerId',
            '#date = :date',
            '#until = if_not_exists(#until, :until)',
            '#status = if_not_exists(#status, :claimed)',
            'expiresAt = if_not_exists(expiresAt, :expiresAt)',
          ],
          // A digest settled and announced is done for good; one in any other state is carried on by whoever holds it.
          condition: 'attribute_not_exists(#status) OR #status IN (:claimed, :sending) OR attribute_exists(outbox)',
          names: { '#type': 'type', '#date': 'date', '#until': 'until', ...STATUS },
          values: {
            ':type': 'seller-digest',
            ':sellerId': digest.sellerId,
            ':date': digest.date,
            ':until': digest.until,
            ':claimed': 'claimed',
            ':sending': 'sending',
            ':expiresAt': expiresAfter(digest.until, KEEP_DAYS),
          },
        },
        lease,
        now,
      );
      return item && { digest: toDigest(item), lease };
    },

    beginDigestSend: (digest, { customerIds, cameBackIds }, lease) =>
      leases.whileHeld(
        {
          Key: digestKey(digest),
          set: ['#status = :status', '#until = :until', 'customerIds = :customerIds', 'cameBackIds = :cameBackIds'],
          condition: '#status = :claimed',
          names: { '#until': 'until', ...STATUS },
          values: { ':status': 'sending', ':claimed': 'claimed', ':until': digest.until, ':customerIds': customerIds, ':cameBackIds': cameBackIds },
        },
        lease,
      ),

    finishDigest: (digest, outcome, events, lease) =>
      leases.whileHeld(
        {
          Key: digestKey(digest),
          set: ['#status = :status', 'outbox = :outbox', outcome.status === 'sent' ? 'messageId = :detail' : 'reason = :detail'],
          condition: '#status = :sending',
          names: STATUS,
          values: { ':status': outcome.status, ':sending': 'sending', ':outbox': events, ':detail': outcome.status === 'sent' ? outcome.messageId : outcome.reason },
        },
        lease,
      ),

    async digestAnnounced(digest, lease) {
      await leases.whileHeld({ Key: digestKey(digest), remove: ['outbox', 'leaseHolder', 'leaseUntil'] }, lease);
    },

    async releaseDigest(digest, lease, { unsent = false } = {}) {
      const back = unsent ? { set: ['#status = :status'], condition: '#status = :sending', names: STATUS, values: { ':status': 'claimed', ':sending': 'sending' } } : {};
      await leases.whileHeld({ Key: digestKey(digest), remove: ['leaseHolder', 'leaseUntil'], ...back }, lease);
    },
  };
}

const STATUS = { '#status': 'status' };

const toDigest = (item: Record<string, unknown>): StoredDigest => ({
  sellerId: String(item.sellerId),
  date: String(item.date),
  until: String(item.until),
  // Digests claimed before leases said `sending` from the claim on: taken as possibly sent, so never sent again.
  status: item.status as DigestStatus,
  customerIds: (item.customerIds as string[] | undefined) ?? [],
  cameBackIds: (item.cameBackIds as string[] | undefined) ?? [],
  outbox: (item.outbox as OutgoingEvent[] | undefined) ?? [],
});

const toFlag = (item: Record<string, unknown>): FlagRecord => {
  const { sellerId, customerId, customerName, contact, flaggedAt, score, value, expectedValue, valueAtStake, currency, usualIntervalDays, occasions, lastOrder, reason } =
    item as unknown as FlagRecord;
  return withoutUndefined({ sellerId, customerId, customerName, contact, flaggedAt, score, value, expectedValue, valueAtStake, currency, usualIntervalDays, occasions, lastOrder, reason });
};

const toReturn = (item: Record<string, unknown>): ReturnRecord => {
  const { sellerId, customerId, customerName, orderedAt, total, currency } = item as unknown as ReturnRecord;
  return { sellerId, customerId, customerName, orderedAt, total, currency };
};

const toAction = (item: Record<string, unknown>): ActionRecord => {
  const { sellerId, customerId, flaggedAt, action, at, reason } = item as unknown as ActionRecord;
  return { sellerId, customerId, flaggedAt, action, at, ...(reason && { reason }) };
};
