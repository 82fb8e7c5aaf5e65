import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { normalAddress, suppressionHash } from '../../domain/suppression-hash';
import type { SuppressionList } from '../../ports';
import { batchGet } from './batch-get';
import type { DynamoDeps } from './client';
import { conditionHeld } from './conditional';
import { addressSuppressionKey, customerPk, customerSuppressionKey, hashedSuppressionKey, SUPPRESSED_ADDRESSES_SK } from './keys';

/** What the list needs: the table, and the pepper of the hashed suppressions an erasure leaves (the mail path must have it). */
export interface SuppressionListDeps extends DynamoDeps {
  pepper?: string;
}

/**
 * {@link SuppressionList}: one item per address and one per customer who opted out; the first reason
 * recorded is kept. An erased customer and their addresses are suppressed under keyed hashes instead.
 */
export function makeDynamoSuppressionList(deps: SuppressionListDeps): SuppressionList {
  const { doc, tableName, pepper } = deps;
  const put = (key: { pk: string; sk: string }, entry: object) =>
    conditionHeld(doc.send(new PutCommand({ TableName: tableName, Item: { ...key, type: 'suppression', ...entry }, ConditionExpression: 'attribute_not_exists(pk)' })));
  const needPepper = (): string => {
    if (pepper === undefined) throw new Error('the suppression pepper is missing: hashed suppressions can be neither read nor written');
    return pepper;
  };
  const hashedKey = (key: string, kind: 'customer' | 'address', value: string) => hashedSuppressionKey(kind, suppressionHash(key, kind, value));
  /** Every key that suppresses this address (and customer): in clear, and hashed when the pepper is known. */
  const keysOf = (email: string, customerId: string | undefined) => [
    addressSuppressionKey(email),
    ...(customerId === undefined ? [] : [customerSuppressionKey(customerId)]),
    ...(pepper === undefined ? [] : [hashedKey(pepper, 'address', email), ...(customerId === undefined ? [] : [hashedKey(pepper, 'customer', customerId)])]),
  ];
  /** Notes the address under its customer: an erasure finds every suppressed address of theirs by key, also one they no longer use. */
  const noteAddress = (customerId: string, email: string) =>
    doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: customerPk(customerId), sk: SUPPRESSED_ADDRESSES_SK },
        UpdateExpression: 'ADD addresses :address SET #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':address': new Set([normalAddress(email)]), ':type': 'suppressed-addresses' },
      }),
    );
  const id = (k: Record<string, unknown>) => `${String(k.sk)}|${String(k.pk)}`;
  const suppressedAmong: SuppressionList['suppressedAmong'] = async (subjects) => {
    const keysOfEach = subjects.map((subject) => ({ subject, keys: keysOf(subject.email, subject.customerId) }));
    // One key once: customers sharing an address would repeat it, which BatchGetItem refuses.
    const unique = [...new Map(keysOfEach.flatMap(({ keys }) => keys).map((k) => [id(k), k])).values()];
    const found = new Set((await batchGet(deps, unique, { consistent: true })).map((item) => id(item)));
    return new Set(keysOfEach.filter(({ keys }) => keys.some((k) => found.has(id(k)))).map(({ subject }) => subject.customerId));
  };
  return {
    async isSuppressed(email, customerId) {
      const keys = keysOf(email, customerId);
      // All keys in one round trip: the dispatcher asks before every send.
      if (keys.length > 1) return (await batchGet(deps, keys, { consistent: true })).length > 0;
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keys[0], ConsistentRead: true }));
      return Item !== undefined;
    },
    suppressedAmong,
    async suppress({ email, ...entry }) {
      const ofCustomer = entry.customerId !== undefined && entry.reason !== 'bounce';
      const written = await Promise.all([
        put(addressSuppressionKey(email), entry),
        ofCustomer && put(customerSuppressionKey(entry.customerId!), entry),
        entry.customerId !== undefined && noteAddress(entry.customerId, email),
      ]);
      return written.slice(0, 2).includes(true);
    },
    async entriesOf(emails, customerId) {
      const wanted = [...emails.map((email) => ({ key: addressSuppressionKey(email), of: { address: email } })), { key: customerSuppressionKey(customerId), of: { customerId } }];
      const found = await batchGet(deps, wanted.map((w) => w.key), { consistent: true });
      return wanted.flatMap(({ key, of }) => found.filter((item) => item.pk === key.pk && item.sk === key.sk).map((item) => ({ ...of, ...item })));
    },
    async keepOnlyHashes({ customerId, emails, at }) {
      const key = needPepper();
      const entry = { reason: 'erased', at };
      // Hashes first: an erasure stopped halfway leaves the customer suppressed, never mailable.
      await Promise.all([put(hashedKey(key, 'customer', customerId), entry), ...emails.map((email) => put(hashedKey(key, 'address', email), entry))]);
      const clear = [customerSuppressionKey(customerId), ...emails.map(addressSuppressionKey)];
      await Promise.all(clear.map((Key) => doc.send(new DeleteCommand({ TableName: tableName, Key }))));
    },
  };
}
