import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readInputs } from '../infra/local/read-inputs';
import type { ReplayReport } from '../infra/local/replay';
import { scriptedSellerActions } from '../infra/local/scripted-seller';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../shared/config/config-file';

const USAGE = `Usage: npm run seller:script -- --report FIRST.json --out SCENARIO.jsonl [--dataset cdnow-sample|cdnow-master | --orders FILE.jsonl]
                              [--data-dir DIR] [--share 0.5] [--false-alarm-days 30] [--seed 1]`;

/**
 * `npm run seller:script`: from a first replay's report, writes a scenario of the same inputs plus
 * what a scripted seller does about the flags (see `scriptedSellerActions`); replay it with
 * `npm start -- --orders SCENARIO.jsonl --report SECOND.json` and read `sellerPrecision`.
 */
function main(): void {
  const { values } = parseArgs({
    options: {
      report: { type: 'string' },
      out: { type: 'string' },
      orders: { type: 'string' },
      dataset: { type: 'string', default: 'cdnow-sample' },
      'data-dir': { type: 'string' },
      share: { type: 'string', default: '0.5' },
      'false-alarm-days': { type: 'string', default: '30' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || !values.report || !values.out) return console.log(USAGE);
  const report = JSON.parse(readFileSync(values.report, 'utf8')) as ReplayReport;
  const actions = scriptedSellerActions(report, { share: Number(values.share), seed: Number(values.seed), falseAlarmDays: Number(values['false-alarm-days']) });
  const { inputs } = readInputs(values.orders, values.dataset, values['data-dir'], loadConfigFile(DEFAULT_CONFIG_FILE));
  const lines = [...inputs.map(({ event }) => ({ source: event.source, 'detail-type': event['detail-type'], time: event.time, detail: event.detail })), ...actions];
  writeFileSync(values.out, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const tally = actions.reduce<Record<string, number>>((t, a) => ({ ...t, [a.detail.action]: (t[a.detail.action] ?? 0) + 1 }), {});
  console.log(`${values.out}: ${inputs.length} inputs and ${actions.length} seller actions on ${report.flags.length} flags ${JSON.stringify(tally)}`);
}

main();
