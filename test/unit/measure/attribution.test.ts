import { describe, expect, it } from 'vitest';
import { MeasureConfig } from '../../../shared/config/measure';
import { attributeOrder, touchOf, type Touch } from '../../../shared/domain/measure/attribution';

const windows = MeasureConfig.parse({}).attributionDays;
const order = (placedAt: string, skus: string[] = ['cd-1']) => ({ orderId: 'o-2', placedAt, total: 30, currency: 'EUR', skus });
const invitation: Touch = { flow: 'second-sale', kind: 'second-sale/second-order', sequenceId: 'o-1', stepId: 'second-order', at: '2026-03-16T12:00:00.000Z', holdout: false };
const winBack: Touch = { flow: 'win-back', kind: 'win-back', sequenceId: 'o-1', stepId: 'win-back', at: '2026-03-20T12:00:00.000Z', holdout: false };
const suggestions: Touch = { flow: 'upserve', kind: 'upserve/suggestions', sequenceId: 'o-1', stepId: 'suggestions', at: '2026-03-18T12:00:00.000Z', holdout: false, skus: ['cd-9'] };

describe('attributing an order to a flow', () => {
  it('credits the order and its revenue to an email within the window, and not after the window', () => {
    expect(attributeOrder(order('2026-03-29T12:00:00.000Z'), [invitation], windows)).toEqual({
      flow: 'second-sale', kind: 'second-sale/second-order', sequenceId: 'o-1', stepId: 'second-order', holdout: false,
      orderId: 'o-2', placedAt: '2026-03-29T12:00:00.000Z', touchedAt: invitation.at, revenue: 30, currency: 'EUR',
    });
    expect(attributeOrder(order('2026-03-30T12:00:00.000Z'), [invitation], windows)).toBeDefined(); // day 14 still counts
    expect(attributeOrder(order('2026-03-30T12:00:01.000Z'), [invitation], windows)).toBeUndefined();
    expect(attributeOrder(order('2026-03-16T11:59:59.000Z'), [invitation], windows)).toBeUndefined(); // before the email
  });

  it('gives the order to the last email when several flows qualify', () => {
    expect(attributeOrder(order('2026-03-25T00:00:00.000Z'), [winBack, invitation], windows)?.flow).toBe('win-back');
    expect(attributeOrder(order('2026-03-19T00:00:00.000Z'), [winBack, invitation], windows)?.flow).toBe('second-sale');
  });

  it('credits up-serve only when the order holds a product the email was about', () => {
    expect(attributeOrder(order('2026-03-25T00:00:00.000Z', ['cd-1']), [suggestions], windows)).toBeUndefined();
    expect(attributeOrder(order('2026-03-25T00:00:00.000Z', ['cd-1', 'cd-9']), [suggestions], windows)?.flow).toBe('upserve');
    // An up-serve email that does not qualify leaves the order to an earlier one that does.
    expect(attributeOrder(order('2026-03-19T00:00:00.000Z', ['cd-1']), [invitation, suggestions], windows)?.flow).toBe('second-sale');
  });

  it('credits a held-out step like a sent email, marked as holdout', () => {
    expect(attributeOrder(order('2026-03-20T00:00:00.000Z'), [{ ...invitation, holdout: true }], windows)).toMatchObject({ flow: 'second-sale', holdout: true });
  });
});

describe('touches from stored steps', () => {
  const stored = { flow: 'second-sale' as const, kind: 'second-sale/second-order', sequenceId: 'o-1', stepId: 'second-order' };
  const none = () => [];

  it('are sent emails at their send time and held-out steps at the time they were recorded', () => {
    expect(touchOf({ ...stored, status: 'sent', sentAt: '2026-03-16T12:00:00.000Z', finishedAt: '2026-03-16T12:00:00.000Z' }, none)).toMatchObject({ at: '2026-03-16T12:00:00.000Z', holdout: false });
    expect(touchOf({ ...stored, status: 'skipped', reason: 'holdout', finishedAt: '2026-03-16T12:15:00.000Z' }, none)).toMatchObject({ at: '2026-03-16T12:15:00.000Z', holdout: true });
  });

  it('leave out other skips, the thank-you, and carry the products of up-serve steps', () => {
    expect(touchOf({ ...stored, status: 'skipped', reason: 'no-consent', finishedAt: '2026-03-16T12:15:00.000Z' }, none)).toBeUndefined();
    expect(touchOf({ ...stored, kind: 'second-sale/thank-you', status: 'sent', sentAt: '2026-03-03T12:00:00.000Z' }, none)).toBeUndefined();
    const upserve = { flow: 'upserve' as const, kind: 'upserve/replenish', sequenceId: 'o-1', stepId: 'replenish', status: 'sent', sentAt: '2026-03-16T12:00:00.000Z' };
    expect(touchOf(upserve, () => ['sku-1'])?.skus).toEqual(['sku-1']);
  });
});
