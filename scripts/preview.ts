import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalServices } from '../infra/local/environment';
import { changedJourneys, preview, previewCounts } from '../infra/local/preview';
import { readInputs, untilOption, UsageError } from '../infra/local/read-inputs';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../shared/config/config-file';
import { InvalidFileError } from '../shared/config/load';

const USAGE = `Usage: npm run preview -- --config NEW.yaml [--against OLD.yaml] [--orders FILE.jsonl | --dataset cdnow-sample|cdnow-master]
                        [--data-dir DIR] [--until DATE] [--report OUT.json]`;

/** Rows of the side-by-side, in this order: totals, then every email kind, skip reason and second-order figure either run has. */
const FIXED_ROWS = ['emails', 'flags', 'digests', 'emailsPerCustomer.median', 'emailsPerCustomer.p95', 'emailsPerCustomer.max'];
const GROUPED_ROWS = /^(emails|skipped|secondOrder)\./;

/**
 * `npm run preview`: what a config change would do to customers, replayed against real history. The
 * same inputs run under the current config and the changed one; the side-by-side shows every figure.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      against: { type: 'string', default: DEFAULT_CONFIG_FILE },
      orders: { type: 'string' },
      dataset: { type: 'string', default: 'cdnow-sample' },
      'data-dir': { type: 'string' },
      until: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  if (!values.config) throw new UsageError('--config: the changed config file is required');
  const [configFile, againstFile] = [path.resolve(values.config), path.resolve(values.against)];
  // Both are checked before anything runs: a broken file fails at once with its field and line.
  const against = loadConfigFile(againstFile);
  loadConfigFile(configFile);
  const until = values.until === undefined ? undefined : untilOption(values.until);
  const { inputs, label } = readInputs(values.orders, values.dataset, values['data-dir'], against);
  const kept = until === undefined ? inputs : inputs.filter(({ event }) => event.time <= until);

  console.log(`Preview: ${kept.length} events of ${label}${until ? ` until ${until}` : ''}, under ${values.against} and under ${values.config}…`);
  const startedAt = performance.now();
  const services = await startLocalServices('preview');
  try {
    const result = await preview({ againstFile, configFile, inputs: kept, until, services });
    printSideBySide(previewCounts(result.against), previewCounts(result.config), values.against, values.config);
    const changed = changedJourneys(result.against, result.config);
    console.log(`\n  customers whose journeys changed most (${changed.length}):`);
    for (const j of changed) console.log(`    ${j.customerId} (${j.changed} changes)\n      before: ${j.against}\n      after:  ${j.config}`);
    console.log(`\n  preview took ${((performance.now() - startedAt) / 1000).toFixed(1)} s (both replays)`);
    if (values.report) {
      writeFileSync(values.report, `${JSON.stringify(result, null, 2)}\n`);
      console.log(`  report written to ${values.report}`);
    }
  } finally {
    await services.stop();
  }
}

function printSideBySide(a: Record<string, number>, b: Record<string, number>, againstName: string, configName: string): void {
  const grouped = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => GROUPED_ROWS.test(k)).sort();
  const width = Math.max(44, ...grouped.map((k) => k.length + 2));
  const [left, right] = [path.basename(againstName), path.basename(configName)];
  console.log(`\n  ${'figure'.padEnd(width)} ${left.padStart(14)} ${right.padStart(14)} ${'change'.padStart(9)}`);
  for (const key of [...FIXED_ROWS, ...grouped]) {
    const [x, y] = [a[key] ?? 0, b[key] ?? 0];
    const change = y - x === 0 ? '' : `${y - x > 0 ? '+' : ''}${Number((y - x).toFixed(2))}`;
    console.log(`  ${key.padEnd(width)} ${String(x).padStart(14)} ${String(y).padStart(14)} ${change.padStart(9)}`);
  }
}


main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error instanceof InvalidFileError || error instanceof UsageError ? `${error.message}\n${USAGE}` : error);
    process.exit(1);
  },
);
