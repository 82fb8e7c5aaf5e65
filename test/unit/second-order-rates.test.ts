import { describe, expect, it } from 'vitest';
import { secondOrderRates } from '../../infra/local/second-order-rates';
import { DetailType } from '../../shared/contracts/events';
import type { BusEvent } from '../../shared/runtime/handler';

const event = (detailType: string, detail: Record<string, unknown>): BusEvent => ({ source: 'loyalty', 'detail-type': detailType, time: '2026-01-01T00:00:00Z', detail });
const invitation = { kind: 'second-sale/second-order' };
const repeat = (customerId: string, placedAt: string) => event(DetailType.RepeatPurchaseDetected, { customerId, placedAt });

describe('second-order rates of the replay', () => {
  it('counts orders after the invitation for invited and unmailable customers, and sequences ended first', () => {
    const events = [
      event(DetailType.OutreachSent, { ...invitation, customerId: 'a', sentAt: '2026-02-01T09:00:00Z' }),
      event(DetailType.OutreachSent, { ...invitation, customerId: 'b', sentAt: '2026-02-01T09:00:00Z' }),
      event(DetailType.OutreachSent, { kind: 'second-sale/thank-you', customerId: 'c', sentAt: '2026-01-02T09:00:00Z' }),
      event(DetailType.OutreachSkipped, { ...invitation, customerId: 'c', reason: 'no-consent', skippedAt: '2026-02-01T09:00:00Z' }),
      event(DetailType.OutreachSkipped, { ...invitation, customerId: 'd', reason: 'unsubscribed', skippedAt: '2026-02-01T09:00:00Z' }),
      event(DetailType.OutreachSkipped, { ...invitation, customerId: 'e', reason: 'ordered-again', skippedAt: '2026-01-20T09:00:00Z' }),
      event(DetailType.OutreachSkipped, { kind: 'second-sale/thank-you', customerId: 'f', reason: 'ordered-again', skippedAt: '2026-01-02T09:00:00Z' }),
      repeat('a', '2026-03-01T10:00:00+01:00'), // after the invitation
      repeat('b', '2026-02-01T09:30:00+01:00'), // 08:30 UTC: before it
      repeat('c', '2026-04-01T10:00:00Z'),
      repeat('e', '2026-01-20T08:00:00Z'),
    ];

    expect(secondOrderRates(events)).toEqual({
      'secondOrder.invited': 2,
      'secondOrder.invitedThenOrdered': 1,
      'secondOrder.notMailed': 2,
      'secondOrder.notMailedThenOrdered': 1,
      'secondOrder.endedFirst': 1,
    });
  });
});
