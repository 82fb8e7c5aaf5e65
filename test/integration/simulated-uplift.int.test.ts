import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { unitHash } from '../../infra/local/datasets/synthetic-customers';
import { toBusEvent } from '../../infra/local/event-capture';
import { replay, type ReplayReport } from '../../infra/local/replay';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../shared/config/config-file';
import { DetailType } from '../../shared/contracts/events';
import type { FlowUplift } from '../../shared/domain/measure/uplift';
import { resetRuntime } from '../../shared/runtime/dependencies';
import { anOrder } from '../support/builders';
import { useFreshLocalEnvironment } from '../support/local';

const CUSTOMERS = 250;
/** Share of customers who order again on their own within the invitation's window, mailed or not. */
const BASELINE = 0.1;
const FUNCTIONS = ['order-intake', 'outreach-planner', 'outreach-dispatcher', 'conversion-attribution'];

/**
 * The shipped config, measuring the second sale alone: half of the customers held out (the most
 * power for a population of this size), only the invitation step, no up-serve or at-risk flow.
 */
function measuringConfigFile(): string {
  const config = parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8'));
  config.catalogFile = path.resolve(path.dirname(DEFAULT_CONFIG_FILE), config.catalogFile);
  config.secondSale.steps = [{ id: 'second-order', delayDays: 14 }];
  config.upserve.enabled = false;
  config.risk.enabled = false;
  config.measure = { holdout: { share: 0.5, salt: 'simulated-uplift-test' } };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'uplift-')), 'loyalty.config.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

/** First orders over two days; one in ten customers orders again 15 to 25 days later, on their own. */
function population(prefix: string) {
  return Array.from({ length: CUSTOMERS }, (_, i) => {
    const customerId = `${prefix}-${i}`;
    const firstAt = new Date(Date.parse('2026-03-02T09:00:00Z') + (i % 48) * 3_600_000).toISOString();
    const orders = [anOrder({ customerId, orderId: `${customerId}-1`, placedAt: firstAt })];
    if (unitHash(`baseline:${customerId}`) < BASELINE) {
      orders.push(anOrder({ customerId, orderId: `${customerId}-2`, placedAt: new Date(Date.parse(firstAt) + (15 + (i % 11)) * 86_400_000).toISOString() }));
    }
    return orders;
  })
    .flat()
    .map((order) => ({ event: toBusEvent('shop.orders', DetailType.OrderPlaced, order.placedAt, order) }))
    .sort((a, b) => a.event.time.localeCompare(b.event.time));
}

async function replayWith(probability: number, prefix: string): Promise<{ report: ReplayReport; secondSale: FlowUplift }> {
  const configFile = measuringConfigFile();
  await useFreshLocalEnvironment(configFile);
  resetRuntime();
  const report = await replay({
    config: loadConfigFile(configFile),
    inputs: population(prefix),
    until: '2026-04-05T00:00:00.000Z',
    sesEndpoint: inject('sesEndpoint'),
    only: FUNCTIONS,
    simulatedUplift: { probability, seed: 'test' },
  });
  return { report, secondSale: report.uplift.find((u) => u.flow === 'second-sale')! };
}

describe('measuring a simulated uplift end to end', () => {
  it('finds P = 0.3 inside the 95% interval, and the interval excludes 0', async () => {
    const { report, secondSale } = await replayWith(0.3, 'p30');
    expect(report.failed).toEqual([]);
    expect(report.simulated).toEqual({ uplift: 0.3, seed: 'test', orders: expect.any(Number) });
    expect(secondSale.mailed.n + secondSale.holdout.n).toBeGreaterThan(0.95 * CUSTOMERS);
    expect(secondSale.holdout.n).toBeGreaterThan(0.4 * CUSTOMERS);
    const [lo, hi] = secondSale.ci!;
    expect(lo).toBeGreaterThan(0);
    expect(lo).toBeLessThan(0.3);
    expect(hi).toBeGreaterThan(0.3);
    console.info(`simulated P = 0.3: uplift ${secondSale.uplift}, 95% CI [${lo}, ${hi}], min detectable ${secondSale.minDetectable}`);
  }, 300_000);

  it('finds 0 inside the interval when the emails do nothing (P = 0)', async () => {
    const { report, secondSale } = await replayWith(0, 'p0');
    expect(report.simulated?.orders).toBe(0);
    expect(secondSale.rateHoldout).toBeGreaterThan(0); // the baseline reorders are there in both groups
    const [lo, hi] = secondSale.ci!;
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
  }, 300_000);
});
