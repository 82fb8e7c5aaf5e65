import type { DuePageReader } from '../../ports';
import { batchGet } from './batch-get';
import type { DynamoDeps } from './client';
import { logOf } from './contact-log';
import { fromProfileItem } from './customer-store';
import { CONTACTS_SK, customerIdOfPk, customerPk, PROFILE_SK, stepPrefix, UPSERVE_SENT_SK } from './keys';
import { sentKeysOf } from './upserve-store';
import { unclaimedStep } from './outreach-queue';

/** A page's items by customer and sort key. */
const itemKey = (customerId: string, sk: string) => `${customerId}\n${sk}`;

/**
 * {@link DuePageReader} on the single table: each customer's profile, contact log and sent
 * suggestion keys (for up-serve steps) and each step of a page live under the customer's partition,
 * so one consistent `BatchGetItem` (up to 100 keys for a page of 25) reads them all, where a
 * profile read, a contact-log read, a claim per step and a read of the sent keys per up-serve step did.
 */
export function makeDynamoDuePage(deps: DynamoDeps): DuePageReader {
  return {
    async read(page, now) {
      const ids = [...new Set(page.map((ref) => ref.customerId))];
      const upserve = stepPrefix({ flow: 'upserve' });
      const suggested = [...new Set(page.filter((ref) => ref.key.startsWith(upserve)).map((ref) => ref.customerId))];
      const keys = [
        ...ids.flatMap((id) => [PROFILE_SK, CONTACTS_SK].map((sk) => ({ pk: customerPk(id), sk }))),
        ...suggested.map((id) => ({ pk: customerPk(id), sk: UPSERVE_SENT_SK })),
        ...page.map((ref) => ({ pk: customerPk(ref.customerId), sk: ref.key })),
      ];
      const items = new Map((await batchGet(deps, keys, { consistent: true })).map((item) => [itemKey(customerIdOfPk(item.pk), String(item.sk)), item]));
      return {
        profiles: new Map(ids.flatMap((id) => (items.has(itemKey(id, PROFILE_SK)) ? [[id, fromProfileItem(items.get(itemKey(id, PROFILE_SK))!)] as const] : []))),
        contacts: new Map(ids.map((id) => [id, logOf(items.get(itemKey(id, CONTACTS_SK)))])),
        suggestionsSent: new Map(suggested.map((id) => [id, sentKeysOf(items.get(itemKey(id, UPSERVE_SENT_SK)))])),
        unclaimed: (ref) => {
          const item = items.get(itemKey(ref.customerId, ref.key));
          return item && unclaimedStep(item, ref, now);
        },
      };
    },
  };
}
