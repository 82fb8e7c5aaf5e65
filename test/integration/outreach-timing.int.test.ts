import { describe, expect, it } from 'vitest';
import { DetailType, type OutreachSent } from '../../shared/contracts/events';
import { addDays } from '../../shared/domain/time';
import { dispatchOutreach } from '../../functions/outreach-dispatcher/dispatch-outreach';
import { config, dispatcherDeps, every, outreachWorld } from '../support/outreach';

/** The dispatcher's schedule in the shipped config: every 15 minutes. */
const SCHEDULE_MINUTES = 15;

describe('quiet hours and the frequency cap delay email, never drop it', () => {
  it('a step due at 23:00 local time waits until 08:00 next morning and goes out on that run', async () => {
    const world = await outreachWorld();
    // 23:00 in Los Angeles (UTC−8 in January): the thank-you falls due a day later at 23:00 local.
    await world.place(world.order('owl', { orderId: 'o-1', placedAt: '2026-01-14T23:00:00-08:00' }, { timeZone: 'America/Los_Angeles' }));
    const dueAt = '2026-01-16T07:00:00.000Z';
    const morning = '2026-01-16T16:00:00.000Z'; // 08:00 in Los Angeles
    expect(await world.step('owl', 'o-1', 'thank-you')).toMatchObject({ status: 'queued', dueAt });

    expect(await world.dispatch(dueAt)).toMatchObject({ deferred: 1, sent: 0 });
    expect(await world.step('owl', 'o-1', 'thank-you')).toMatchObject({ status: 'queued', dueAt: morning, notes: [`quiet-hours until ${morning}`] });

    for (const now of every(SCHEDULE_MINUTES, addDays(dueAt, SCHEDULE_MINUTES / 1440), '2026-01-16T17:00:00.000Z')) await world.dispatch(now);

    expect(world.errors).toEqual([]);
    expect(world.detailsOf<OutreachSent>(DetailType.OutreachSent).map((s) => s.sentAt)).toEqual([morning]);
    expect(await world.step('owl', 'o-1', 'thank-you')).toMatchObject({ status: 'sent', sentAt: morning });
    expect(await world.mails()).toHaveLength(1);
  });

  it('two steps due the same day with a cap of one per three days: the second goes out three days after the first', async () => {
    expect(config.respect.frequencyCap).toEqual({ maxEmails: 1, perDays: 3 });
    const sameDay = { ...config.secondSale, steps: config.secondSale.steps.map((s) => ({ ...s, delayDays: 1, enabled: true })) };
    const world = await outreachWorld({ secondSale: sameDay });
    await world.place(world.order('busy', { orderId: 'o-1', placedAt: '2026-03-02T10:00:00Z' }));
    const due = '2026-03-03T10:00:00.000Z';
    const threeDaysLater = '2026-03-06T10:00:00.000Z'; // 10:00 in Lisbon, outside quiet hours

    // Every scheduled run for three days and an hour.
    for (const now of every(SCHEDULE_MINUTES, due, addDays(threeDaysLater, 1 / 24))) await world.dispatch(now);

    expect(world.errors).toEqual([]);
    const sent = world.detailsOf<OutreachSent>(DetailType.OutreachSent);
    expect(sent.map((s) => s.sentAt)).toEqual([due, threeDaysLater]);
    expect(sent.map((s) => s.stepId).sort()).toEqual(['second-order', 'thank-you']);
    const later = (await world.step('busy', 'o-1', sent[1]!.stepId))!;
    expect(later).toMatchObject({ status: 'sent', sentAt: threeDaysLater });
    expect(later.notes).toContain(`frequency-cap until ${threeDaysLater}`);
    expect(world.detailsOf(DetailType.OutreachSkipped)).toEqual([]);
    expect(await world.mails()).toHaveLength(2);
  });

  it('a bus failure after SES took an email keeps the step sent and the cap reserved: nothing is sent twice or early', async () => {
    const sameDay = { ...config.secondSale, steps: config.secondSale.steps.map((s) => ({ ...s, delayDays: 1, enabled: true })) };
    const world = await outreachWorld({ secondSale: sameDay });
    await world.place(world.order('unlucky', { orderId: 'o-1', placedAt: '2026-03-02T10:00:00Z' }));
    const due = '2026-03-03T10:00:00.000Z';
    const errors: unknown[] = [];
    const downBus = { publish: () => Promise.reject(new Error('event bus unavailable')) };

    const run = await dispatchOutreach({ ...(await dispatcherDeps(world.table, { now: due, doc: world.table.doc, events: downBus, onError: (e) => errors.push(e) })), maxPerRun: 1 });
    // Sent and recorded; only its announcement failed, which is reported and left for a later run.
    expect(run).toMatchObject({ sent: 1, errored: 0 });
    expect(errors).toHaveLength(1);
    const mails = await world.mails();
    expect(mails).toHaveLength(1);
    const [first, second] = [await world.step('unlucky', 'o-1', 'thank-you'), await world.step('unlucky', 'o-1', 'second-order')];
    const [sentStep, waiting] = first!.status === 'sent' ? [first!, second!] : [second!, first!];
    expect(sentStep).toMatchObject({ status: 'sent', sentAt: due, messageId: mails[0]!.messageId });

    // The next runs of the day find the cap still taken: the other step waits three days.
    for (const now of every(15, addDays(due, 15 / 1440), addDays(due, 1 / 24))) await world.dispatch(now);
    expect(world.errors).toEqual([]);
    expect(await world.mails()).toHaveLength(1);
    expect(await world.step('unlucky', 'o-1', waiting.stepId)).toMatchObject({ status: 'queued', dueAt: '2026-03-06T10:00:00.000Z' });
    // The event the bus refused is kept with the step and published by a later run, once.
    expect(world.detailsOf<OutreachSent>(DetailType.OutreachSent)).toMatchObject([{ stepId: sentStep.stepId, messageId: mails[0]!.messageId }]);
  });
});
