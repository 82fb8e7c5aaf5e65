import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { readJsonl } from '../../infra/local/inputs';
import { replay, type ReplayReport } from '../../infra/local/replay';
import { loadConfigFile } from '../../shared/config/config-file';
import { DetailType } from '../../shared/contracts/events';
import { anOrder } from '../support/builders';
import { useFreshLocalEnvironment } from '../support/local';

const config = loadConfigFile();
const line = (detailType: string, detail: unknown, time = '2026-03-02T10:00:00Z') =>
  JSON.stringify({ source: 'shop.orders', 'detail-type': detailType, time, detail });

/** Ten kinds of broken input, each with the field its error must name. */
const defects: { field: string; line: (i: number) => string }[] = [
  { field: 'detail.customer.email', line: (i) => line(DetailType.OrderPlaced, anOrder({ orderId: `bad-${i}`, customer: { ...anOrder().customer, email: 'not-an-address' } })) },
  { field: 'detail.total', line: (i) => line(DetailType.OrderPlaced, anOrder({ orderId: `bad-${i}`, total: -1 })) },
  { field: 'detail.currency', line: (i) => line(DetailType.OrderPlaced, anOrder({ orderId: `bad-${i}`, currency: 'euro' })) },
  { field: 'detail.items', line: (i) => line(DetailType.OrderPlaced, anOrder({ orderId: `bad-${i}`, items: [] })) },
  { field: 'detail.items.0.quantity', line: (i) => line(DetailType.OrderPlaced, anOrder({ orderId: `bad-${i}`, items: [{ sku: 's', name: 'n', quantity: 0, unitPrice: 1 }] })) },
  { field: 'detail.placedAt', line: (i) => line(DetailType.OrderPlaced, { ...anOrder({ orderId: `bad-${i}` }), placedAt: '2026-03-02 10:00' }) },
  { field: 'detail.customer.marketingConsent', line: (i) => line(DetailType.OrderPlaced, { ...anOrder({ orderId: `bad-${i}` }), customer: { id: 'x', email: 'x@example.com' } }) },
  { field: 'detail.customer.timeZone', line: (i) => line(DetailType.OrderPlaced, anOrder({ orderId: `bad-${i}`, customer: { ...anOrder().customer, timeZone: 'Mars/Olympus' } })) },
  { field: 'detail.cancelledAt', line: (i) => line(DetailType.OrderCancelled, { orderId: `bad-${i}`, customerId: 'c' }) },
  { field: 'time', line: (i) => JSON.stringify({ source: 'shop.orders', 'detail-type': DetailType.OrderPlaced, time: 'yesterday', detail: anOrder({ orderId: `bad-${i}` }) }) },
];

describe('replaying a JSONL file through the local pipeline', () => {
  let report: ReplayReport;
  const expectedField = new Map<number, string>();

  beforeAll(async () => {
    await useFreshLocalEnvironment();
    const lines: string[] = [];
    for (let i = 0; i < 250; i++) {
      if (i % 5 === 0) {
        const customerId = `ok-${i % 25}`;
        const placedAt = `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`;
        lines.push(line(DetailType.OrderPlaced, anOrder({ customerId, orderId: `ok-${i}`, placedAt }), placedAt));
      } else {
        const defect = defects[i % defects.length]!;
        lines.push(defect.line(i));
        expectedField.set(lines.length, defect.field);
      }
    }
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'replay-')), 'orders.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { inputs, problems } = readJsonl(file);
    report = await replay({ config, inputs, problems, sesEndpoint: inject('sesEndpoint') });
  });

  it('rejects each of the 200 malformed events with an error naming its field, and keeps its line', () => {
    expect(report.rejected).toHaveLength(200);
    for (const rejection of report.rejected) {
      expect(rejection.reason).toContain(`${expectedField.get(rejection.line!)}:`);
    }
  });

  it('processes the valid events of the same run', () => {
    expect(report.counts.firstPurchaseDetected).toBe(5);
    expect(report.counts.repeatPurchaseDetected).toBe(45);
    expect(report.failed).toEqual([]);
  });

  it('reports every emitted event with its detail-type, time and detail', () => {
    const purchases = report.events.filter((e) => e.detailType === DetailType.FirstPurchaseDetected || e.detailType === DetailType.RepeatPurchaseDetected);
    expect(purchases).toHaveLength(50);
    expect(report.counts.firstPurchaseDetected! + report.counts.repeatPurchaseDetected!).toBe(50);
    expect(report.events[0]).toEqual({ detailType: expect.any(String), time: expect.any(String), detail: expect.objectContaining({ customerId: expect.any(String) }) });
  });
});

describe('the per-function usage table of a replay', () => {
  // A second replay in one process (after the one above): its events must reach its own bus endpoint.
  it('counts each function’s invocations and SDK requests, and the total is their sum', async () => {
    await useFreshLocalEnvironment();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'replay-')), 'orders.jsonl');
    const orders = Array.from({ length: 6 }, (_, i) => line(DetailType.OrderPlaced, anOrder({ customerId: `u-${i % 3}`, orderId: `u-${i}`, placedAt: `2026-03-0${1 + i}T10:00:00Z` }), `2026-03-0${1 + i}T10:00:00Z`));
    writeFileSync(file, `${orders.join('\n')}\n`);
    const report = await replay({ config, inputs: readJsonl(file).inputs, sesEndpoint: inject('sesEndpoint'), only: ['order-intake'] });
    expect(report.functions.map((f) => f.id)).toEqual(['order-intake']);
    const [intake] = report.functions;
    expect(intake!.invocations).toBe(6);
    // Each order publishes its purchase event once, and reads and writes the table.
    expect(intake!.sdkCallsByOperation['EventBridge.PutEvents']).toBe(6);
    expect(intake!.putEventsEntries).toBe(6);
    expect(intake!.sdkCallsByOperation['DynamoDB.GetItem'] ?? 0).toBeGreaterThan(0);
    expect(intake!.sdkCalls).toBe(Object.values(intake!.sdkCallsByOperation).reduce((a, b) => a + b, 0));
    expect(report.counts.sdkCalls).toBe(intake!.sdkCalls);
    // Three new customers: their first order and profile writes, and the profile reads, cost units.
    expect(intake!.writeUnits).toBeGreaterThanOrEqual(12);
    expect(intake!.readUnits).toBeGreaterThan(0);
    expect(report.counts.writeUnits).toBe(intake!.writeUnits);
    expect(report.counts['order-intake.first']).toBe(3);
  });
});
