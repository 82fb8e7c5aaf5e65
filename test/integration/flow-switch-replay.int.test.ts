import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { readJsonl } from '../../infra/local/inputs';
import { replay, type ReplayReport } from '../../infra/local/replay';
import { loadConfigFile } from '../../shared/config/config-file';
import { DetailType, OPS_SOURCE } from '../../shared/contracts/events';
import { anOrder } from '../support/builders';
import { useFreshLocalEnvironment } from '../support/local';

const config = loadConfigFile();
const RESUMED_AT = '2026-03-03T14:00:00.000Z';
const order = (customerId: string, placedAt: string) =>
  JSON.stringify({ source: config.bus.orderSource, 'detail-type': DetailType.OrderPlaced, time: placedAt, detail: anOrder({ customerId, orderId: `${customerId}-1`, placedAt }) });
/** The JSONL shape of a switch, as the README documents it. */
const switched = (flow: string, paused: boolean, at: string, time = at) => JSON.stringify({ source: OPS_SOURCE, 'detail-type': DetailType.FlowSwitched, time, detail: { flow, paused, at } });

describe('a replay with flow switches among its JSONL inputs', () => {
  let report: ReplayReport;
  const customers = ['fs-1', 'fs-2', 'fs-3', 'fs-4'];

  beforeAll(async () => {
    await useFreshLocalEnvironment();
    const lines = [
      switched('second-sale', true, '2026-03-01T00:00:00Z'),
      ...customers.map((id) => order(id, '2026-03-02T10:00:00Z')),
      switched('second-sale', false, RESUMED_AT),
      // A pause older than the resume, delivered after it: superseded, the resume stands.
      switched('second-sale', true, '2026-03-03T12:00:00Z', '2026-03-03T14:30:00Z'),
    ];
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'flow-replay-')), 'inputs.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { inputs, problems } = readJsonl(file);
    report = await replay({ config, inputs, problems, until: '2026-03-04T00:00:00Z', sesEndpoint: inject('sesEndpoint'), only: ['order-intake', 'outreach-planner', 'outreach-dispatcher', 'flow-switch'] });
  }, 120_000);

  it('records the switches, counts the due steps that waited as paused, and sends them after the resume', () => {
    expect(report.rejected).toEqual([]);
    expect(report.counts).toMatchObject({ 'flow-switch.recorded': 2, 'flow-switch.superseded': 1 });
    expect(report.counts['outreach-dispatcher.paused']).toBeGreaterThanOrEqual(customers.length);
    const thankYous = report.emails.filter((e) => e.kind === 'second-sale/thank-you');
    const heldOut = report.skipped.filter((s) => s.reason === 'holdout');
    expect(thankYous.length + heldOut.length).toBe(customers.length);
    for (const sent of [...thankYous.map((e) => e.sentAt), ...heldOut.map((s) => s.at)]) expect(sent >= RESUMED_AT).toBe(true);
  });
});
