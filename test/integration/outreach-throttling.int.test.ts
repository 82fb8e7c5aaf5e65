import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { addDays } from '../../shared/domain/time';
import { addCounts, config, localSes, noCounts, outreachWorld } from '../support/outreach';
import { seededThrottle, startSesProxy, type SesProxy } from '../support/ses-proxy';

const CUSTOMERS = 40;
const START = '2026-03-03T12:00:00.000Z';
const FAR_FUTURE = '2100-01-01T00:00:00.000Z';
const thankYouOnly = { ...config.secondSale, steps: config.secondSale.steps.map((s) => ({ ...s, enabled: s.id === 'thank-you' })) };

describe('SES throttling 30% of sends', () => {
  let proxy: SesProxy;
  beforeAll(async () => {
    // Keyed on the address's local part, which is the same every run (the domain is unique per run).
    proxy = await startSesProxy(inject('sesEndpoint'), seededThrottle(0.3, 'outreach-throttling', (to) => to.split('@')[0]!));
  });
  afterAll(() => proxy.close());

  it('loses no email: throttled sends are retried on later runs until every step is sent once', async () => {
    // One attempt per SDK call, so each throttle reaches the dispatcher instead of being retried inside the client.
    const world = await outreachWorld({ secondSale: thankYouOnly, ses: localSes(proxy.endpoint, 1) });
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `throttled-${String(i).padStart(2, '0')}`);
    await Promise.all(ids.map((id) => world.place(world.order(id, { orderId: `o-${id}`, placedAt: '2026-03-02T10:00:00Z' }))));

    let total = noCounts();
    let runs = 0;
    // The dispatcher's schedule, every 5 minutes, until nothing is left in the queue at all.
    for (let now = START; (await world.queue.due(FAR_FUTURE, 1)).refs.length > 0; now = addDays(now, 5 / 1440)) {
      if (++runs > 40) throw new Error('the queue did not drain');
      total = addCounts(total, await world.dispatch(now));
    }

    expect(world.errors).toEqual([]);
    expect(proxy.throttled / proxy.requests).toBeGreaterThan(0.2);
    expect(proxy.throttled / proxy.requests).toBeLessThan(0.4);
    expect(total).toMatchObject({ sent: CUSTOMERS, retried: proxy.throttled, failed: 0, skipped: 0, errored: 0 });

    const mails = await world.mails();
    expect(mails.map((m) => m.to[0]).sort()).toEqual(ids.map(world.email));

    for (const id of ids) {
      const step = (await world.step(id, `o-${id}`, 'thank-you'))!;
      const throttles = proxy.throttledBy.get(world.email(id)) ?? 0;
      expect(step).toMatchObject({ status: 'sent', attempts: throttles + 1 });
      expect(step.notes.filter((n) => n.startsWith('retry '))).toHaveLength(throttles);
      // Backing off 2, 4, 8 … minutes: after k throttles a step waited at least 2 + 4 + … + 2^k minutes.
      expect(Date.parse(step.sentAt!) - Date.parse(START)).toBeGreaterThanOrEqual((2 ** (throttles + 1) - 2) * 60_000);
      expect(mails.find((m) => m.to[0] === world.email(id))?.messageId).toBe(step.messageId);
    }
    expect(Math.max(...proxy.throttledBy.values())).toBeGreaterThan(1); // some steps were throttled more than once
  });
});
