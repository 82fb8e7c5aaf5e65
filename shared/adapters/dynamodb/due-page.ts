import type { DuePageReader } from '../../ports';
import { batchGet } from './batch-get';
import type { DynamoDeps } from './client';
import { logOf } from './contact-log';
import { fromProfileItem } from './customer-store';
import { CONTACTS_SK, customerIdOfPk, customerPk, PROFILE_SK } from './keys';
import { unclaimedStep } from './outreach-queue';

/** A page's items by customer and sort key. */
const itemKey = (customerId: string, sk: string) => `${customerId}\n${sk}`;

/**
 * {@link DuePageReader} on the single table: each customer's profile and contact log and each step
 * of a page live under the customer's partition, so one consistent `BatchGetItem` (up to 75 keys for
 * a page of 25) reads them all, where a profile read, a contact-log read and a claim per step did.
 */
export function makeDynamoDuePage(deps: DynamoDeps): DuePageReader {
  return {
    async read(page, now) {
      const ids = [...new Set(page.map((ref) => ref.customerId))];
      const keys = [
        ...ids.flatMap((id) => [PROFILE_SK, CONTACTS_SK].map((sk) => ({ pk: customerPk(id), sk }))),
        ...page.map((ref) => ({ pk: customerPk(ref.customerId), sk: ref.key })),
      ];
      const items = new Map((await batchGet(deps, keys, { consistent: true })).map((item) => [itemKey(customerIdOfPk(item.pk), String(item.sk)), item]));
      return {
        profiles: new Map(ids.flatMap((id) => (items.has(itemKey(id, PROFILE_SK)) ? [[id, fromProfileItem(items.get(itemKey(id, PROFILE_SK))!)] as const] : []))),
        contacts: new Map(ids.map((id) => [id, logOf(items.get(itemKey(id, CONTACTS_SK)))])),
        unclaimed: (ref) => {
          const item = items.get(itemKey(ref.customerId, ref.key));
          return item && unclaimedStep(item, ref, now);
        },
      };
    },
  };
}
