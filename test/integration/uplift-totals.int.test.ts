import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dailyUpliftDeps } from '../../functions/uplift-report/handler';
import { writeDailyUplift } from '../../functions/uplift-report/write-daily-uplift';
import { tallyDeps } from '../../functions/uplift-tally/handler';
import { tallyUplift } from '../../functions/uplift-tally/tally-uplift';
import { UPLIFT_PK } from '../../shared/adapters/dynamodb/keys';
import { DetailType, type ConversionAttributed, type OutreachSent, type OutreachSkipped } from '../../shared/contracts/events';
import { freshTable } from '../support/local';
import { testRuntime } from '../support/outreach';

const step = (customerId: string) => ({ customerId, flow: 'second-sale' as const, kind: 'second-sale/second-order', sequenceId: `o-${customerId}`, stepId: 'second-order' });
const sent = (customerId: string): OutreachSent => ({ ...step(customerId), messageId: `m-${customerId}`, sentAt: '2026-03-16T12:00:00.000Z' });
const heldOut = (customerId: string): OutreachSkipped => ({ ...step(customerId), reason: 'holdout', skippedAt: '2026-03-16T12:00:00.000Z' });
const converted = (customerId: string, orderId: string, holdout: boolean, revenue: number): ConversionAttributed => ({
  ...step(customerId), orderId, placedAt: '2026-03-20T10:00:00.000Z', revenue, currency: 'EUR', holdout, touchedAt: '2026-03-16T12:00:00.000Z',
});

describe('uplift totals in DynamoDB Local and the daily uplift', () => {
  it('counts each touch, conversion and order once however often its event arrives, and writes the day’s uplift', async () => {
    const table = await freshTable();
    const runtime = testRuntime(table);
    const tally = (type: DetailType, detail: OutreachSent | OutreachSkipped | ConversionAttributed) => tallyUplift(type, detail, tallyDeps({ runtime, now: '2026-03-20T10:00:00.000Z' }));
    const events: [DetailType, OutreachSent | OutreachSkipped | ConversionAttributed][] = [
      ...['a', 'b', 'c', 'd'].map((id) => [DetailType.OutreachSent, sent(id)] as [DetailType, OutreachSent]),
      [DetailType.OutreachSkipped, heldOut('e')],
      [DetailType.OutreachSkipped, heldOut('f')],
      [DetailType.OutreachSkipped, { ...heldOut('g'), reason: 'no-consent' }],
      [DetailType.ConversionAttributed, converted('a', 'o-a-2', false, 30)],
      [DetailType.ConversionAttributed, converted('a', 'o-a-3', false, 10)], // a second order of the same touch: revenue, not another conversion
      [DetailType.ConversionAttributed, converted('e', 'o-e-2', true, 20)],
    ];
    for (const [type, detail] of events) await tally(type, detail);
    const again = await Promise.all(events.map(([type, detail]) => tally(type, detail))); // redelivered, some concurrently
    expect(again.every((r) => r.counted === 0)).toBe(true);

    const uplift = await writeDailyUplift(dailyUpliftDeps({ runtime, now: '2026-03-21T05:00:00.000Z' }));

    const secondSale = uplift.find((u) => u.flow === 'second-sale')!;
    expect(secondSale).toMatchObject({ mailed: { n: 4, converted: 1, revenue: 40 }, holdout: { n: 2, converted: 1, revenue: 20 }, rateMailed: 0.25, rateHoldout: 0.5, uplift: -0.25 });
    expect(secondSale.ci![0]).toBeLessThan(-0.25);
    expect(uplift.find((u) => u.flow === 'win-back')).toMatchObject({ mailed: { n: 0 }, holdout: { n: 0 }, ci: null });
    const read = (sk: string) => table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk: UPLIFT_PK, sk } }));
    expect((await read('CURRENT')).Item).toMatchObject({ date: '2026-03-21', uplift });
    expect((await read('DAY#2026-03-21')).Item?.uplift).toEqual(uplift);
  });
});
