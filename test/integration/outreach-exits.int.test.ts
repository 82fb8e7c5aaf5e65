import { describe, expect, it } from 'vitest';
import { intakeOrder } from '../../functions/order-intake/intake-order';
import { queueSecondSale } from '../../functions/outreach-planner/plan-outreach';
import { DetailType, type FirstPurchaseDetected, type OutreachSent, type OutreachSkipped } from '../../shared/contracts/events';
import { collectingPublisher } from '../support/local';
import { outreachWorld } from '../support/outreach';

const PLACED = '2026-03-02T10:00:00Z';
const THANK_YOU_RUN = '2026-03-03T12:00:00.000Z';
const SECOND_ORDER_RUN = '2026-03-16T12:00:00.000Z';

type World = Awaited<ReturnType<typeof outreachWorld>>;
const skipsOf = (world: World) => world.detailsOf<OutreachSkipped>(DetailType.OutreachSkipped).map(({ stepId, reason }) => ({ stepId, reason }));

describe('the second-sale sequence ends when its reason is gone', () => {
  it('a repeat purchase skips the rest of the sequence: nobody is asked for the order they already placed', async () => {
    const world = await outreachWorld();
    await world.place(world.order('again', { orderId: 'o-1', placedAt: PLACED }));
    expect(await world.dispatch(THANK_YOU_RUN)).toMatchObject({ sent: 1 });

    expect(await world.place(world.order('again', { orderId: 'o-2', placedAt: '2026-03-05T10:00:00Z' }))).toBe('repeat');

    expect(await world.step('again', 'o-1', 'second-order')).toMatchObject({ status: 'skipped', reason: 'ordered-again' });
    expect(skipsOf(world)).toEqual([{ stepId: 'second-order', reason: 'ordered-again' }]);
    expect(await world.dispatch(SECOND_ORDER_RUN)).toMatchObject({ sent: 0 });
    expect(await world.mails()).toHaveLength(1);
  });

  it('the dispatcher skips the step itself when the repeat purchase never reached the planner', async () => {
    const world = await outreachWorld();
    await world.place(world.order('lost', { orderId: 'o-1', placedAt: PLACED }));
    // The repeat order is recorded, but its event is lost on the way to the planner.
    await intakeOrder(world.order('lost', { orderId: 'o-2', placedAt: '2026-03-02T18:00:00Z' }), { customers: world.customers, events: collectingPublisher(), now: '2026-03-02T18:00:00Z' });

    expect(await world.dispatch(THANK_YOU_RUN)).toMatchObject({ sent: 0, skipped: 1 });
    expect(await world.step('lost', 'o-1', 'thank-you')).toMatchObject({ status: 'skipped', reason: 'ordered-again' });
    expect(skipsOf(world)).toEqual([{ stepId: 'thank-you', reason: 'ordered-again' }]);
  });

  it('cancelling the first order skips its waiting steps', async () => {
    const world = await outreachWorld();
    await world.place(world.order('regret', { orderId: 'o-1', placedAt: PLACED }));

    await world.cancel('regret', 'o-1', '2026-03-02T15:00:00Z');

    expect(await world.step('regret', 'o-1', 'thank-you')).toMatchObject({ status: 'skipped', reason: 'first-order-cancelled' });
    expect(await world.step('regret', 'o-1', 'second-order')).toMatchObject({ status: 'skipped', reason: 'first-order-cancelled' });
    expect(skipsOf(world).sort((a, b) => a.stepId.localeCompare(b.stepId))).toEqual([
      { stepId: 'second-order', reason: 'first-order-cancelled' },
      { stepId: 'thank-you', reason: 'first-order-cancelled' },
    ]);
    expect(await world.dispatch(THANK_YOU_RUN)).toMatchObject({ sent: 0 });
    expect(await world.dispatch(SECOND_ORDER_RUN)).toMatchObject({ sent: 0 });
    expect(await world.mails()).toEqual([]);
  });

  it("cancelling order A leaves the sequence of order A#2 alone: ids may hold '#'", async () => {
    const world = await outreachWorld();
    await world.place(world.order('hash-ids', { orderId: 'A#2', placedAt: PLACED }));

    await world.cancel('hash-ids', 'A', '2026-03-02T15:00:00Z');

    expect(await world.step('hash-ids', 'A#2', 'thank-you')).toMatchObject({ status: 'queued' });
    expect(skipsOf(world)).toEqual([]);
    expect(await world.dispatch(THANK_YOU_RUN)).toMatchObject({ sent: 1 });
  });

  it('queuing the same first purchase twice, at once or after a step was sent, queues and sends each step once', async () => {
    const world = await outreachWorld();
    await world.place(world.order('twice', { orderId: 'o-1', placedAt: PLACED }));
    const [first] = world.detailsOf<FirstPurchaseDetected>(DetailType.FirstPurchaseDetected);

    // The event delivered twice more, concurrently (EventBridge delivers at least once).
    await Promise.all([queueSecondSale(first!, world.planner(PLACED)), queueSecondSale(first!, world.planner(PLACED))]);
    expect((await world.queue.pending('twice')).map((s) => s.stepId).sort()).toEqual(['second-order', 'thank-you']);

    expect(await world.dispatch(THANK_YOU_RUN)).toMatchObject({ sent: 1 });
    // …and once more after the thank-you went out: the sent step is not queued again.
    await queueSecondSale(first!, world.planner('2026-03-04T10:00:00Z'));
    expect((await world.queue.pending('twice')).map((s) => s.stepId)).toEqual(['second-order']);
    expect(await world.step('twice', 'o-1', 'thank-you')).toMatchObject({ status: 'sent' });

    expect(await world.dispatch(SECOND_ORDER_RUN)).toMatchObject({ sent: 1 });
    expect(world.detailsOf<OutreachSent>(DetailType.OutreachSent).map((s) => s.stepId)).toEqual(['thank-you', 'second-order']);
    expect(await world.mails()).toHaveLength(2);
  });
});
