import { describe, expect, it } from 'vitest';
import { dispatchOutreach } from '../../functions/outreach-dispatcher/dispatch-outreach';
import { DetailType, type OutreachSent, type OutreachSkipped } from '../../shared/contracts/events';
import { isHeldOut, type HoldoutRule } from '../../shared/domain/measure/holdout';
import { config, dispatcherDeps, outreachWorld } from '../support/outreach';

const PLACED = '2026-03-02T10:00:00Z';
const THANK_YOU_RUN = '2026-03-03T12:00:00.000Z';
const SECOND_ORDER_RUN = '2026-03-16T12:00:00.000Z';
const LATER_RUN = '2026-03-17T12:00:00.000Z';
const holdout: HoldoutRule = { ...config.measure.holdout, share: 0.5 };

/** Customer ids of the test, sorted by what the holdout says of their second-sale flow. */
const ids = Array.from({ length: 8 }, (_, i) => `hold-${i}`);
const heldOut = ids.filter((id) => isHeldOut(id, 'second-sale', holdout));
const mailed = ids.filter((id) => !heldOut.includes(id));

describe('the holdout group of a flow', () => {
  it('gets none of its emails: each step is skipped with reason holdout at its due time, the others are mailed', async () => {
    expect(heldOut.length).toBeGreaterThan(0);
    expect(mailed.length).toBeGreaterThan(0);
    const world = await outreachWorld();
    for (const id of ids) await world.place(world.order(id, { orderId: `o-${id}`, placedAt: PLACED }));
    const run = async (now: string) => dispatchOutreach({ ...(await dispatcherDeps(world.table, { now, doc: world.table.doc, events: world.events })), holdout });

    for (const now of [THANK_YOU_RUN, SECOND_ORDER_RUN, LATER_RUN]) await run(now);

    const sent = world.detailsOf<OutreachSent>(DetailType.OutreachSent);
    expect(new Set(sent.map((s) => s.customerId))).toEqual(new Set(mailed));
    expect(sent).toHaveLength(2 * mailed.length);
    const skips = world.detailsOf<OutreachSkipped>(DetailType.OutreachSkipped);
    expect(skips.map(({ customerId, stepId, reason, skippedAt }) => [customerId, stepId, reason, skippedAt]).sort()).toEqual(
      heldOut.flatMap((id) => [[id, 'second-order', 'holdout', SECOND_ORDER_RUN], [id, 'thank-you', 'holdout', THANK_YOU_RUN]]).sort(),
    );
    expect(await world.step(heldOut[0]!, `o-${heldOut[0]}`, 'second-order')).toMatchObject({ status: 'skipped', reason: 'holdout' });
    expect((await world.mails()).map((m) => m.to[0]).sort()).toEqual(mailed.flatMap((id) => [world.email(id), world.email(id)]).sort());
  });

  it('is only drawn from customers who could be mailed: no consent stays no consent', async () => {
    const world = await outreachWorld();
    const id = heldOut[0]!;
    await world.place(world.order(id, { orderId: 'o-1', placedAt: PLACED }, { marketingConsent: false }));
    await dispatchOutreach({ ...(await dispatcherDeps(world.table, { now: THANK_YOU_RUN, doc: world.table.doc, events: world.events })), holdout });
    expect(world.detailsOf<OutreachSkipped>(DetailType.OutreachSkipped).map((s) => s.reason)).toEqual(['no-consent']);
  });
});
