import { describe, expect, it } from 'vitest';
import { attributeConversion } from '../../functions/conversion-attribution/attribute-conversion';
import { attributionDeps } from '../../functions/conversion-attribution/handler';
import { dispatchOutreach } from '../../functions/outreach-dispatcher/dispatch-outreach';
import { DetailType, type ConversionAttributed } from '../../shared/contracts/events';
import { isHeldOut, type HoldoutRule } from '../../shared/domain/measure/holdout';
import { config, dispatcherDeps, outreachWorld, testRuntime } from '../support/outreach';

const PLACED = '2026-03-02T10:00:00Z';
const RUNS = ['2026-03-03T12:00:00.000Z', '2026-03-16T12:00:00.000Z'];
const holdout: HoldoutRule = { ...config.measure.holdout, share: 0.5 };
const ids = Array.from({ length: 10 }, (_, i) => `conv-${i}`);
const heldOutId = ids.find((id) => isHeldOut(id, 'second-sale', holdout))!;
const mailedId = ids.find((id) => !isHeldOut(id, 'second-sale', holdout))!;

describe('conversion attribution against DynamoDB Local', () => {
  it('credits a later order to the invitation, sent or held out, once even when the order arrives twice', async () => {
    const world = await outreachWorld();
    for (const id of [heldOutId, mailedId]) await world.place(world.order(id, { orderId: `o-${id}`, placedAt: PLACED }));
    for (const now of RUNS) await dispatchOutreach({ ...(await dispatcherDeps(world.table, { now, doc: world.table.doc, events: world.events })), holdout });
    const deps = (now: string) => attributionDeps({ runtime: testRuntime(world.table, { events: world.events }), now });

    const results = [];
    for (const id of [heldOutId, mailedId]) {
      const later = world.order(id, { orderId: `o-${id}-2`, placedAt: '2026-03-20T10:00:00Z', total: 25 });
      results.push(await attributeConversion(later, deps(later.placedAt)), await attributeConversion(later, deps('2026-03-20T10:05:00Z')));
    }
    const tooLate = world.order(mailedId, { orderId: 'o-late', placedAt: '2026-04-20T10:00:00Z' });
    results.push(await attributeConversion(tooLate, deps(tooLate.placedAt)));

    expect(results).toEqual(['attributed-holdout', 'already-attributed', 'attributed', 'already-attributed', 'not-attributed']);
    const conversions = world.detailsOf<ConversionAttributed>(DetailType.ConversionAttributed);
    expect(conversions.map(({ customerId, flow, kind, orderId, revenue, currency, holdout: held, touchedAt }) => ({ customerId, flow, kind, orderId, revenue, currency, held, touchedAt }))).toEqual([
      { customerId: heldOutId, flow: 'second-sale', kind: 'second-sale/second-order', orderId: `o-${heldOutId}-2`, revenue: 25, currency: 'EUR', held: true, touchedAt: RUNS[1] },
      { customerId: mailedId, flow: 'second-sale', kind: 'second-sale/second-order', orderId: `o-${mailedId}-2`, revenue: 25, currency: 'EUR', held: false, touchedAt: RUNS[1] },
    ]);
  });

  it('gives the claim back when the event cannot be published, so the retry announces it', async () => {
    const world = await outreachWorld();
    await world.place(world.order(mailedId, { orderId: 'o-1', placedAt: PLACED }));
    for (const now of RUNS) await dispatchOutreach({ ...(await dispatcherDeps(world.table, { now, doc: world.table.doc, events: world.events })), holdout });
    const later = world.order(mailedId, { orderId: 'o-2', placedAt: '2026-03-20T10:00:00Z' });
    const base = attributionDeps({ runtime: testRuntime(world.table), now: later.placedAt });
    const down = { publish: async () => Promise.reject(new Error('bus unavailable')) };

    await expect(attributeConversion(later, { ...base, events: down })).rejects.toThrow('bus unavailable');
    expect(await attributeConversion(later, { ...base, events: world.events })).toBe('attributed');
  });
});
