import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { readJsonl } from '../../infra/local/inputs';
import { replay, type ReplayReport } from '../../infra/local/replay';
import { readMailbox } from '../../infra/local/mailbox';
import { SELLER_INPUT, functionUrlRequest } from '../../infra/local/seller-input';
import { handler as sellerPage } from '../../functions/seller-desk/handler';
import { loadConfigFile } from '../../shared/config/config-file';
import { DetailType, type OrderPlaced } from '../../shared/contracts/events';
import { anOrder } from '../support/builders';
import { useFreshLocalEnvironment } from '../support/local';

const config = loadConfigFile();
const orderLine = (order: OrderPlaced) => JSON.stringify({ source: config.bus.orderSource, 'detail-type': DetailType.OrderPlaced, time: order.placedAt, detail: order });
const sellerLine = (time: string, detail: Record<string, string>) => JSON.stringify({ source: SELLER_INPUT.source, 'detail-type': SELLER_INPUT.detailType, time, detail });

/**
 * Three one-time buyers of 5 January, all Anna's, flagged by the prior on 5 April (04:00 UTC) and
 * listed in her digest at 06:00 UTC. Her script: `calm` is not at risk, `gone` is lost (moved),
 * `call` she reaches out to; then two lines that cannot act: one on a customer with no open flag,
 * one naming no known action.
 */
describe('replaying what a seller did from the digest', () => {
  let report: ReplayReport;

  beforeAll(async () => {
    await useFreshLocalEnvironment();
    const lines = [
      ...['calm', 'gone', 'call'].map((id, i) => orderLine(anOrder({ customerId: id, orderId: `${id}-1`, placedAt: `2026-01-05T1${i}:00:00Z`, total: 50 }))),
      sellerLine('2026-04-05T09:00:00Z', { sellerId: 's-anna', customerId: 'calm', action: 'not-at-risk' }),
      sellerLine('2026-04-05T09:05:00Z', { sellerId: 's-anna', customerId: 'gone', action: 'lost', reason: 'moved' }),
      sellerLine('2026-04-05T09:10:00Z', { sellerId: 's-anna', customerId: 'call', action: 'reach-out' }),
      sellerLine('2026-04-05T09:15:00Z', { sellerId: 's-anna', customerId: 'nobody', action: 'lost' }),
      sellerLine('2026-04-05T09:20:00Z', { sellerId: 's-anna', customerId: 'call', action: 'delete' }),
    ];
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'seller-replay-')), 'inputs.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    report = await replay({ config, inputs: readJsonl(file).inputs, until: '2026-04-12T00:00:00.000Z', sesEndpoint: inject('sesEndpoint') });
  }, 120_000);

  it('records each action once and reports the precision the seller measured', () => {
    expect(report.failed).toEqual([]);
    expect(report.sellerActions.map((a) => [a.customerId, a.action, a.reason]).sort()).toEqual([
      ['call', 'reach-out', undefined],
      ['calm', 'not-at-risk', undefined],
      ['gone', 'lost', 'moved'],
    ]);
    expect(report.sellerPrecision).toEqual([
      { sellerId: 's-anna', flags: 3, judged: 3, falseAlarms: 1, precision: 2 / 3 },
      { sellerId: '(all)', flags: 3, judged: 3, falseAlarms: 1, precision: 2 / 3 },
    ]);
  });

  it("links each customer of the replay's digest to a working card", async () => {
    const [digest] = (await readMailbox(inject('sesEndpoint'))).filter((m) => m.text?.includes('Reach: calm@example.com'));
    const cards = [...digest!.text!.matchAll(/Card: (\S+)/g)].map((m) => new URL(m[1]!));
    expect(cards).toHaveLength(3);
    for (const card of cards) {
      const page = await sellerPage(functionUrlRequest('GET', card, Date.parse('2026-04-05T08:00:00Z')));
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/mailto:(calm|gone|call)@example\.com/);
    }
  });

  it('keeps the lines that cannot act, naming the field, and replays the rest', () => {
    expect(report.rejected).toEqual([
      expect.objectContaining({ line: 7, reason: expect.stringContaining('detail.customerId: "nobody" has no open flag') }),
      expect.objectContaining({ line: 8, reason: expect.stringMatching(/^detail\.action: /) }),
    ]);
  });

  it('changes what happens next: no win-back for the false alarm or the lost customer, and the one reached out to waits', () => {
    const winBacks = report.emails.filter((e) => e.kind === 'win-back');
    // The grace period ended on 8 April; "I'll reach out" holds the win-back until 19 April, after this replay.
    expect(winBacks).toEqual([]);
    expect(report.skipped.filter((s) => s.kind === 'win-back').map((s) => [s.customerId, s.reason]).sort()).toEqual([
      ['calm', 'seller-not-at-risk'],
      ['gone', 'seller-marked-lost'],
    ]);
  });
});
