import { describe, expect, it } from 'vitest';
import { dispatchOutreach } from '../../functions/outreach-dispatcher/dispatch-outreach';
import { DetailType, type OutreachSent } from '../../shared/contracts/events';
import { planSecondSale } from '../../shared/domain/outreach';
import { stepSk } from '../../shared/adapters/dynamodb/keys';
import type { Mailer, OutreachQueue } from '../../shared/ports';
import { collectingPublisher } from '../support/local';
import { addCounts, dispatcherDeps, noCounts, outreachWorld } from '../support/outreach';

const CUSTOMERS = 60;
const NOW = '2026-03-03T12:00:00.000Z'; // a day after the orders: every thank-you is due, midday in Lisbon

describe('three dispatchers racing over the same due steps', () => {
  it('send each step exactly once', async () => {
    const world = await outreachWorld();
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `race-${String(i).padStart(2, '0')}`);
    await Promise.all(ids.map((id) => world.place(world.order(id, { orderId: `o-${id}`, placedAt: '2026-03-02T10:00:00Z' }))));
    expect((await world.queue.due(NOW, 1000)).refs).toHaveLength(CUSTOMERS);

    const publishers = [collectingPublisher(), collectingPublisher(), collectingPublisher()];
    const errors: unknown[] = [];
    const runs = await Promise.all(
      publishers.map(async (events) => dispatchOutreach(await dispatcherDeps(world.table, { now: NOW, events, onError: (e) => errors.push(e) }))),
    );

    expect(errors).toEqual([]);
    const total = runs.reduce(addCounts, noCounts());
    expect(total).toMatchObject({ sent: CUSTOMERS, skipped: 0, deferred: 0, failed: 0, errored: 0 });
    expect(total['taken-by-another']).toBeGreaterThan(0); // they really went for the same steps

    const sent = publishers.flatMap((p) => p.ofType(DetailType.OutreachSent)).map((e) => e.detail as OutreachSent);
    expect(sent.map((s) => s.customerId).sort()).toEqual(ids);
    expect(sent.every((s) => s.stepId === 'thank-you')).toBe(true);

    const mails = await world.mails();
    expect(mails.map((m) => m.to[0]).sort()).toEqual(ids.map(world.email));
    expect(new Set(mails.map((m) => m.messageId))).toEqual(new Set(sent.map((s) => s.messageId)));

    const steps = await Promise.all(ids.map((id) => world.step(id, `o-${id}`, 'thank-you')));
    expect(steps.map((s) => s?.status)).toEqual(ids.map(() => 'sent'));
    expect(steps.map((s) => s?.attempts)).toEqual(ids.map(() => 1));
    expect((await world.queue.due(NOW, 1000)).refs).toEqual([]);
  });
});

describe("one customer's steps due in the same run", () => {
  it('go one after another, the earlier first, so the second sees what the first sent', async () => {
    const world = await outreachWorld();
    const placedAt = '2026-03-02T10:00:00Z';
    await world.place(world.order('seq', { orderId: 'o-1', placedAt }));
    await world.queue.enqueue(planSecondSale([{ id: 'thank-you', delayDays: 1, enabled: true }], { customerId: 'seq', orderId: 'o-2', placedAt }, {}, placedAt));
    const timeline: string[] = [];
    const deps = await dispatcherDeps(world.table, { now: NOW });
    // A step is first touched by its claim or, skipped or deferred as read with its page, by its one write.
    const queue: OutreachQueue = {
      ...deps.queue,
      claim: async (ref, ...rest) => (timeline.push(`claim ${ref.key}`), deps.queue.claim(ref, ...rest)),
      finish: async (step, ...rest) => (timeline.push(`finish ${stepSk(step)}`), deps.queue.finish(step, ...rest)),
      reschedule: async (step, ...rest) => (timeline.push(`reschedule ${stepSk(step)}`), deps.queue.reschedule(step, ...rest)),
    };
    const mailer: Mailer = { send: async (email) => deps.mailer.send(email).finally(() => timeline.push('sent')) };

    await dispatchOutreach({ ...deps, queue, mailer });

    expect(timeline.slice(0, 2)).toEqual([expect.stringContaining('o-1'), 'sent']);
    expect(timeline.findIndex((entry) => entry.includes('o-2'))).toBeGreaterThan(1);
  });
});
