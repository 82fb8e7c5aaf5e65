import { afterAll, describe, expect, it, inject } from 'vitest';
import { dispatchOutreach } from '../../functions/outreach-dispatcher/dispatch-outreach';
import { DetailType, type OutreachSent, type StepRef } from '../../shared/contracts/events';
import { addDays } from '../../shared/domain/time';
import { crashAwarePublisher, proxiedDoc, startDynamoCrashProxy, updates, writesValue, type CrashRule } from '../support/dynamo-proxy';
import { config, dispatcherDeps, outreachWorld } from '../support/outreach';

const CUSTOMERS = 5;
const CRASHES = 2;
const START = '2026-03-03T12:00:00.000Z';
const FAR_FUTURE = '2100-01-01T00:00:00.000Z';
const thankYouOnly = { ...config.secondSale, steps: config.secondSale.steps.map((s) => ({ ...s, enabled: s.id === 'thank-you' })) };

/** Where the dispatcher's process dies, as a rule for the DynamoDB proxy. */
const BOUNDARIES: Record<string, Omit<CrashRule, 'times'>> = {
  'after the claim': { match: (r) => updates(r, 'claimedAt'), point: 'after' },
  'after the send, before the record': { match: (r) => writesValue(r, ':status', 'sent'), point: 'before' },
  'after the record, before the event': { match: (r) => writesValue(r, ':status', 'sent'), point: 'after' },
};

/** Per boundary: emails or events beyond one per step, steps never mailed or never announced, and unknown outcomes reported. */
const results: Record<string, { duplicates: number; losses: number; unknown: number }> = {};

describe('the dispatcher dying at each boundary (DynamoDB Local behind a crashing proxy, the SES emulator)', () => {
  afterAll(() => {
    console.log(['boundary | duplicates | losses | unknown (reported)', ...Object.entries(results).map(([b, r]) => `${b} | ${r.duplicates} | ${r.losses} | ${r.unknown}`)].join('\n'));
  });

  it.each(Object.keys(BOUNDARIES))('%s: no email twice, none lost, every outcome announced', async (boundary) => {
    const proxy = await startDynamoCrashProxy(inject('dynamoEndpoint'), { ...BOUNDARIES[boundary]!, times: CRASHES });
    const world = await outreachWorld({ secondSale: thankYouOnly });
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `crash-${i}`);
    await Promise.all(ids.map((id) => world.place(world.order(id, { orderId: `o-${id}`, placedAt: '2026-03-02T10:00:00Z' }))));
    const doc = proxiedDoc(proxy);
    const events = crashAwarePublisher(proxy);

    let runs = 0;
    for (let now = START; (await world.queue.due(FAR_FUTURE, 1)).refs.length > 0; now = addDays(now, 5 / 1440)) {
      if (++runs > 60) throw new Error('the queue did not drain');
      proxy.revive();
      // One step a run, so a crash takes down exactly the step at the boundary.
      await dispatchOutreach({ ...(await dispatcherDeps(world.table, { now, doc, events, onError: () => {} })), maxPerRun: 1 });
    }
    await proxy.close();

    const mails = await world.mails();
    const perStep = (type: string) => (id: string) => events.events.filter((e) => e.detailType === type && (e.detail as StepRef).customerId === id).length;
    const emailsOf = (id: string) => mails.filter((m) => m.to[0] === world.email(id)).length;
    const sentEvents = ids.map(perStep(DetailType.OutreachSent));
    const unknownEvents = ids.map(perStep(DetailType.OutreachOutcomeUnknown));
    const duplicates = ids.reduce((n, id, i) => n + Math.max(0, emailsOf(id) - 1) + Math.max(0, sentEvents[i]! + unknownEvents[i]! - 1), 0);
    const losses = ids.filter((id, i) => emailsOf(id) === 0 || sentEvents[i]! + unknownEvents[i]! === 0).length;
    results[boundary] = { duplicates, losses, unknown: unknownEvents.reduce((a, b) => a + b, 0) };

    expect(proxy.crashes).toBe(CRASHES);
    expect(results[boundary]).toMatchObject({ duplicates: 0, losses: 0 });
    // Where the send was under way, the outcome is kept as unknown instead of sending again.
    expect(results[boundary]!.unknown).toBe(boundary === 'after the send, before the record' ? CRASHES : 0);
    const announced = events.events.filter((e) => e.detailType === DetailType.OutreachSent).map((e) => (e.detail as OutreachSent).messageId);
    expect(new Set(announced).size).toBe(announced.length);
    for (const id of ids) expect((await world.step(id, `o-${id}`, 'thank-you'))!.status).toBe(unknownEvents[ids.indexOf(id)] ? 'unknown' : 'sent');
  });
});
