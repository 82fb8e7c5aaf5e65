import { describe, expect, inject, it } from 'vitest';
import { cdnowInputs } from '../../infra/local/datasets/cdnow-inputs';
import { firstCopies, firstCustomers, redelivered, soak } from '../../infra/local/soak';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../shared/config/config-file';

const config = loadConfigFile();

describe('the soak: CDNOW delivered twice, late and out of order within an hour', () => {
  it('delivers every event the given number of times, each within the window after its time, in order of delivery', () => {
    const inputs = firstCustomers(cdnowInputs('cdnow-sample', config), 5);
    const deliveries = redelivered(inputs, { copies: 2, windowMinutes: 60, seed: 7 });

    expect(deliveries).toHaveLength(2 * inputs.length);
    for (const d of deliveries) expect(Date.parse(d.deliverAt) - Date.parse(d.event.time)).toBeGreaterThanOrEqual(0);
    for (const d of deliveries) expect(Date.parse(d.deliverAt) - Date.parse(d.event.time)).toBeLessThan(60 * 60_000);
    expect(deliveries.map((d) => d.deliverAt)).toEqual(deliveries.map((d) => d.deliverAt).sort());
    expect(deliveries.some((d, i) => i > 0 && d.event.time < deliveries[i - 1]!.event.time)).toBe(true);

    const once = firstCopies(deliveries);
    expect(once.map((d) => d.event)).toEqual(expect.arrayContaining(inputs.map((i) => i.event)));
    expect(once).toHaveLength(inputs.length);
    const earliest = (event: object) => deliveries.filter((d) => d.event === event).map((d) => d.deliverAt).sort()[0];
    for (const d of once) expect(d.deliverAt).toBe(earliest(d.event));
  });

  it('gives every customer the same emails of each kind, flags, digests and announced purchases as the clean replay', async () => {
    // Ten customers' first two months, and the silence after: first and second-sale mail, flags and digests.
    const inputs = firstCustomers(cdnowInputs('cdnow-sample', config), 10).filter(({ event }) => event.time < '1997-03-01');
    const services = { endpoints: { dynamo: inject('dynamoEndpoint'), ses: inject('sesEndpoint') } };
    const result = await soak({ config, configFile: DEFAULT_CONFIG_FILE, inputs, services, redelivery: { copies: 2, windowMinutes: 60, seed: 1 }, until: '1997-04-20T00:00:00.000Z' });

    expect(result.emails.clean).toBeGreaterThan(10);
    expect(result.flags.clean).toBeGreaterThan(0);
    expect(result.digests.clean).toBeGreaterThan(0);
    expect(result.inputs.redelivered).toBe(2 * result.inputs.clean);
    expect({ emails: result.emails.differences, flags: result.flags.differences, digests: result.digests.differences, purchases: result.purchases.differences, failed: result.failed }).toEqual({
      emails: [],
      flags: [],
      digests: [],
      purchases: [],
      failed: { clean: 0, redelivered: 0 },
    });
    expect(result.same).toBe(true);
  }, 180_000);
});
