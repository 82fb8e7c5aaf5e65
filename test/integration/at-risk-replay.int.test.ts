import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { readJsonl } from '../../infra/local/inputs';
import { replay, type ReplayReport } from '../../infra/local/replay';
import { loadConfigFile } from '../../shared/config/config-file';
import { DetailType, type OrderPlaced } from '../../shared/contracts/events';
import { anOrder } from '../support/builders';
import { useFreshLocalEnvironment } from '../support/local';

const config = loadConfigFile();
const orderLine = (order: OrderPlaced) =>
  JSON.stringify({ source: config.bus.orderSource, 'detail-type': DetailType.OrderPlaced, time: order.placedAt, detail: order });

/**
 * Three one-time buyers of 5 January through the whole local pipeline until 12 April. Too few
 * customers for a fit, so the prior flags them after 90 days (5 April, the 04:00 UTC scorer run);
 * `back` orders again on 6 April, `kenji`'s customer belongs to the Tokyo seller.
 */
describe('replaying at-risk customers through the local pipeline', () => {
  let report: ReplayReport;

  beforeAll(async () => {
    await useFreshLocalEnvironment();
    const lines = [
      anOrder({ customerId: 'quiet', orderId: 'q-1', placedAt: '2026-01-05T10:00:00Z', total: 80 }),
      anOrder({ customerId: 'back', orderId: 'b-1', placedAt: '2026-01-05T11:00:00Z', total: 20 }),
      anOrder({ customerId: 'kenji', orderId: 'k-1', placedAt: '2026-01-05T12:00:00Z', customer: { ...anOrder().customer, id: 'kenji', email: 'kenji-c@example.com', sellerId: 's-kenji' } }),
      anOrder({ customerId: 'back', orderId: 'b-2', placedAt: '2026-04-06T10:00:00Z', total: 30 }),
    ].map(orderLine);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'risk-replay-')), 'orders.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    report = await replay({ config, inputs: readJsonl(file).inputs, until: '2026-04-12T00:00:00.000Z', sesEndpoint: inject('sesEndpoint') });
  }, 120_000);

  it('flags each silent customer once, for their own seller, with score and reason', () => {
    expect(report.failed).toEqual([]);
    expect(report.flags.map((f) => [f.customerId, f.sellerId, f.flaggedAt]).sort()).toEqual([
      ['back', 's-anna', '2026-04-05T04:00:00.000Z'],
      ['kenji', 's-kenji', '2026-04-05T04:00:00.000Z'],
      ['quiet', 's-anna', '2026-04-05T04:00:00.000Z'],
    ]);
    for (const flag of report.flags) {
      expect(flag.score).toBeGreaterThan(0);
      expect(flag.reason).toMatch(/^one order, 90 days ago/);
    }
  });

  it('sends each seller a digest at 08:00 their time with only their customers, ranked by value, then who came back', () => {
    expect(report.digests).toEqual([
      { sellerId: 's-anna', date: '2026-04-05', customerIds: ['quiet', 'back'] }, // 06:00 UTC in Berlin summer time
      { sellerId: 's-kenji', date: '2026-04-06', customerIds: ['kenji'] }, // 08:00 in Tokyo is 23:00 UTC the day before
      { sellerId: 's-anna', date: '2026-04-07', customerIds: [] }, // `back` ordered on the 6th: came back
    ]);
    expect(report.emails.filter((e) => e.kind === 'seller-digest').map((e) => [e.sellerId, e.to, e.sentAt])).toEqual([
      ['s-anna', 'anna@loyalty.example.com', '2026-04-05T06:00:00.000Z'],
      ['s-kenji', 'kenji@loyalty.example.com', '2026-04-05T23:00:00.000Z'],
      ['s-anna', 'anna@loyalty.example.com', '2026-04-07T06:00:00.000Z'],
    ]);
    expect(report.counts['seller-digest.quiet']).toBeGreaterThan(0); // the other days sent nothing
  });

  it('sends the win-back after the grace period to the customer still silent, and cancels it for the one who came back', () => {
    expect(report.wonBack).toEqual([{ customerId: 'back', at: '2026-04-06T10:00:00.000Z' }]);
    expect(report.skipped).toContainEqual(expect.objectContaining({ customerId: 'back', kind: 'win-back', reason: 'ordered-again' }));
    const winBacks = report.emails.filter((e) => e.kind === 'win-back');
    expect(winBacks.map((e) => e.customerId).sort()).toEqual(['kenji', 'quiet']);
    for (const e of winBacks) expect(e.sentAt >= '2026-04-08T04:00:00.000Z').toBe(true);
  });
});
