import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { toBusEvent } from '../../infra/local/event-capture';
import { replay } from '../../infra/local/replay';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../shared/config/config-file';
import { DetailType } from '../../shared/contracts/events';
import { resetRuntime } from '../../shared/runtime/dependencies';
import { anOrder } from '../support/builders';
import { useFreshLocalEnvironment } from '../support/local';

/** One send every 5 s: the thank-yous of one dispatcher run would take this long on the wall clock. */
const SENDS_PER_SECOND = 0.2;
const CUSTOMERS = 5;

/** The shipped config with a slow send rate and only the thank-you step. */
function slowSendingConfigFile(): string {
  const config = parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8'));
  config.catalogFile = path.resolve(path.dirname(DEFAULT_CONFIG_FILE), config.catalogFile);
  config.mail.sendRatePerSecond = SENDS_PER_SECOND;
  config.secondSale.steps = [{ id: 'thank-you', delayDays: 1 }];
  config.measure.holdout.share = 0;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'pacing-')), 'loyalty.config.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

describe('a replay paces sends on its virtual clock', () => {
  it('sends what one dispatcher run paces without waiting for it in real time', async () => {
    const configFile = slowSendingConfigFile();
    await useFreshLocalEnvironment(configFile);
    resetRuntime();
    const placedAt = '2026-03-02T14:00:00Z';
    const inputs = Array.from({ length: CUSTOMERS }, (_, i) => ({
      event: toBusEvent('shop.orders', DetailType.OrderPlaced, placedAt, anOrder({ customerId: `pace-${i}`, orderId: `pace-${i}-1`, placedAt })),
    }));
    const report = await replay({
      config: loadConfigFile(configFile),
      inputs,
      until: '2026-03-03T16:00:00Z',
      sesEndpoint: inject('sesEndpoint'),
      only: ['order-intake', 'outreach-planner', 'outreach-dispatcher'],
    });
    expect(report.failed).toEqual([]);
    expect(report.counts['emails.second-sale/thank-you']).toBe(CUSTOMERS);
    const dispatcher = report.functions.find((f) => f.id === 'outreach-dispatcher')!;
    // The wall clock would hold the last of them (CUSTOMERS - 1) / rate seconds after the first.
    expect(dispatcher.wallMs).toBeLessThan(((CUSTOMERS - 1) / SENDS_PER_SECOND) * 1000 * 0.5);
  }, 60_000);
});
