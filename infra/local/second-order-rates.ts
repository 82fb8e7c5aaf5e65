import { DetailType, type OutreachSent, type OutreachSkipped, type RepeatPurchaseDetected } from '../../shared/contracts/events';
import type { BusEvent } from '../../shared/runtime/handler';

const INVITATION = 'second-sale/second-order';
/** Skip reasons that mean the sequence ended before the invitation because of the customer's own orders. */
const ENDED_BY_ORDERS = new Set(['ordered-again', 'first-order-cancelled']);

/**
 * Who ordered again after the second-order invitation was due: customers who got it, customers who
 * were due it but could not be mailed (no consent, unsubscribed, suppressed: the natural control
 * group), and how many sequences the customer's own orders ended first. Report counts under `secondOrder.*`.
 */
export function secondOrderRates(events: BusEvent[]): Record<string, number> {
  const orderedAt = new Map<string, number[]>();
  const invited = new Map<string, string>();
  const notMailed = new Map<string, string>();
  let endedFirst = 0;
  for (const { 'detail-type': type, detail } of events) {
    if (type === DetailType.RepeatPurchaseDetected) {
      const { customerId, placedAt } = detail as RepeatPurchaseDetected;
      if (!orderedAt.has(customerId)) orderedAt.set(customerId, []);
      orderedAt.get(customerId)!.push(Date.parse(placedAt));
    } else if (type === DetailType.OutreachSent) {
      const { customerId, kind, sentAt } = detail as OutreachSent;
      if (kind === INVITATION) invited.set(customerId, sentAt);
    } else if (type === DetailType.OutreachSkipped) {
      const { customerId, kind, reason, skippedAt } = detail as OutreachSkipped;
      if (kind !== INVITATION) continue;
      if (ENDED_BY_ORDERS.has(reason)) endedFirst++;
      else if (reason !== 'holdout') notMailed.set(customerId, skippedAt); // held out by design, not unmailable
    }
  }
  const orderedAfter = (group: Map<string, string>) =>
    [...group].filter(([customerId, at]) => (orderedAt.get(customerId) ?? []).some((t) => t > Date.parse(at))).length;
  return {
    'secondOrder.invited': invited.size,
    'secondOrder.invitedThenOrdered': orderedAfter(invited),
    'secondOrder.notMailed': notMailed.size,
    'secondOrder.notMailedThenOrdered': orderedAfter(notMailed),
    'secondOrder.endedFirst': endedFirst,
  };
}
