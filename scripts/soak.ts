import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startLocalServices } from '../infra/local/environment';
import { readInputs } from '../infra/local/read-inputs';
import { firstCustomers, soak, type SoakFigure } from '../infra/local/soak';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../shared/config/config-file';

const USAGE = `Usage: npm run soak -- [--orders FILE.jsonl | --dataset cdnow-sample|cdnow-master] [--data-dir DIR] [--customers N]
                     [--copies 2] [--window-minutes 60] [--seed 1] [--report OUT.json]`;

/**
 * `npm run soak`: replays a data set with every event delivered `--copies` times, each copy late by
 * up to `--window-minutes`, and once with each event delivered once at its first copy's time, and
 * compares the emails per customer and kind, the flags and the digests. Exit 1 when they differ or
 * anything failed.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string' },
      dataset: { type: 'string', default: 'cdnow-sample' },
      'data-dir': { type: 'string' },
      customers: { type: 'string' },
      copies: { type: 'string', default: '2' },
      'window-minutes': { type: 'string', default: '60' },
      seed: { type: 'string', default: '1' },
      report: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const config = loadConfigFile();
  const { inputs: all, label } = readInputs(values.orders, values.dataset, values['data-dir'], config);
  const inputs = values.customers === undefined ? all : firstCustomers(all, whole('--customers', values.customers));
  const redelivery = { copies: whole('--copies', values.copies), windowMinutes: whole('--window-minutes', values['window-minutes']), seed: whole('--seed', values.seed) };

  console.log(`Soak: ${inputs.length} events of ${label}, each delivered ${redelivery.copies} times within ${redelivery.windowMinutes} minutes, and once at its first copy's time…`);
  const services = await startLocalServices('soak');
  const startedAt = performance.now();
  try {
    const result = await soak({ config, configFile: DEFAULT_CONFIG_FILE, inputs, services, redelivery });
    console.log(`\n  ${'figure'.padEnd(36)} ${'clean'.padStart(8)} ${'redelivered'.padStart(12)} ${'differing keys'.padStart(15)}`);
    const row = (name: string, f: SoakFigure) => console.log(`  ${name.padEnd(36)} ${String(f.clean).padStart(8)} ${String(f.redelivered).padStart(12)} ${String(f.differences.length).padStart(15)}`);
    row('emails (per recipient and kind)', result.emails);
    row('flags (customer, seller, time)', result.flags);
    row('digests (seller, date, customers)', result.digests);
    row('purchases announced (kind, order)', result.purchases);
    console.log(`  ${'failed invocations'.padEnd(36)} ${String(result.failed.clean).padStart(8)} ${String(result.failed.redelivered).padStart(12)}`);
    for (const d of [result.emails, result.flags, result.digests, result.purchases].flatMap((f) => f.differences).slice(0, 10)) console.log(`  differs: ${d.key}: ${d.clean} vs ${d.redelivered}`);
    console.log(`\n  ${result.same ? 'same' : 'DIFFERENT'} (${((performance.now() - startedAt) / 1000).toFixed(1)} s for both replays)`);
    if (values.report) writeFileSync(values.report, `${JSON.stringify(result, null, 2)}\n`);
    if (!result.same) process.exitCode = 1;
  } finally {
    await services.stop();
  }
}

function whole(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${option}: expected a whole number of at least 1, got "${value}"\n${USAGE}`);
  return n;
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
