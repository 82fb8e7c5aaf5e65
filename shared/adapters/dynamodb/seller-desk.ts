import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DigestRecord, FlagRecord, ReturnRecord } from '../../domain/digest';
import type { SellerDesk } from '../../ports';
import type { DynamoDeps } from './client';
import { digestSk, expiresAfter, flagSk, returnSk, sellerPk, sellerWindow } from './keys';
import { queryAll } from './client';
import { conditionHeld, ifConditionHolds } from './conditional';

/** Flags, returns and digests stay a little over a year: enough to look back on a season. */
const KEEP_DAYS = 400;

/**
 * {@link SellerDesk} under `SELLER#<id>`: flags and returns sorted by time, so a digest reads exactly
 * its window with one query each, and one item per digest date, claimed before sending.
 */
export function makeDynamoSellerDesk({ doc, tableName }: DynamoDeps): SellerDesk {
  const put = (Item: Record<string, unknown>) => doc.send(new PutCommand({ TableName: tableName, Item }));
  const window = async (sellerId: string, kind: 'FLAG' | 'RETURN', from: string, until: string) => {
    const bounds = sellerWindow(kind, from, until);
    return queryAll(doc, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :until',
      ExpressionAttributeValues: { ':pk': sellerPk(sellerId), ':from': bounds.from, ':until': bounds.until },
    });
  };
  const digestKey = (d: DigestRecord) => ({ pk: sellerPk(d.sellerId), sk: digestSk(d.date) });

  return {
    async recordFlag(flag) {
      await put({ pk: sellerPk(flag.sellerId), sk: flagSk(flag.flaggedAt, flag.customerId), type: 'risk-flag', ...flag, expiresAt: expiresAfter(flag.flaggedAt, KEEP_DAYS) });
    },

    async recordReturn(back) {
      await put({ pk: sellerPk(back.sellerId), sk: returnSk(back.orderedAt, back.customerId), type: 'risk-return', ...back, expiresAt: expiresAfter(back.orderedAt, KEEP_DAYS) });
    },

    async between(sellerId, from, until) {
      const [flags, returns] = await Promise.all([window(sellerId, 'FLAG', from, until), window(sellerId, 'RETURN', from, until)]);
      return { flags: flags.map(toFlag), returns: returns.map(toReturn) };
    },

    async lastDigest(sellerId) {
      const { Items = [] } = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :digest)',
          ExpressionAttributeValues: { ':pk': sellerPk(sellerId), ':digest': digestSk('') },
          ScanIndexForward: false,
          Limit: 1,
        }),
      );
      const item = Items[0];
      return item && { sellerId, date: String(item.date), until: String(item.until) };
    },

    async claimDigest(digest) {
      return conditionHeld(
        doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...digestKey(digest), type: 'seller-digest', ...digest, status: 'sending', expiresAt: expiresAfter(digest.until, KEEP_DAYS) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    },

    async completeDigest(digest, { messageId, customerIds, cameBackIds }) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: digestKey(digest),
          UpdateExpression: 'SET #status = :sent, messageId = :messageId, customerIds = :customerIds, cameBackIds = :cameBackIds',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':customerIds': customerIds, ':cameBackIds': cameBackIds },
        }),
      );
    },

    async releaseDigest(digest) {
      await ifConditionHolds(
        doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: digestKey(digest),
            ConditionExpression: '#status = :sending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sending': 'sending' },
          }),
        ),
      );
    },
  };
}

const toFlag = (item: Record<string, unknown>): FlagRecord => {
  const { sellerId, customerId, customerName, flaggedAt, score, value, expectedValue, valueAtStake, currency, usualIntervalDays, occasions, lastOrder, reason } =
    item as unknown as FlagRecord;
  return { sellerId, customerId, customerName, flaggedAt, score, value, expectedValue, valueAtStake, currency, usualIntervalDays, occasions, lastOrder, reason };
};

const toReturn = (item: Record<string, unknown>): ReturnRecord => {
  const { sellerId, customerId, customerName, orderedAt, total, currency } = item as unknown as ReturnRecord;
  return { sellerId, customerId, customerName, orderedAt, total, currency };
};
