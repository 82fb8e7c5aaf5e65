import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../shared/config/config-file';
import { InvalidFileError } from '../../shared/config/load';
import { MissingDataError } from './datasets/data-files';
import { useLocalEnvironment, startLocalServices } from './environment';
import { funnelHtml } from './funnel-report';
import { LocalPipeline } from './pipeline';
import { readInputs, untilOption, UsageError } from './read-inputs';
import { replay, type ReplayReport } from './replay';
import type { FlowUplift } from '../../shared/domain/measure/uplift';
import { startUrlServer } from './url-server';
import { wiring } from '../wiring';

const USAGE = `Usage: npm start -- [--dataset cdnow-sample|cdnow-master] [--data-dir DIR] [--orders FILE.jsonl] [--until ISO-DATE]
                 [--config FILE] [--report OUT.json] [--keep-running] [--only FUNCTION-ID,…]
                 [--html FILE] [--simulated-uplift P] [--seed SEED]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string', default: 'cdnow-sample' },
      'data-dir': { type: 'string' },
      orders: { type: 'string' },
      until: { type: 'string' },
      config: { type: 'string', default: DEFAULT_CONFIG_FILE },
      report: { type: 'string' },
      'keep-running': { type: 'boolean', default: false },
      only: { type: 'string' },
      html: { type: 'string', default: 'out/report/index.html' },
      'simulated-uplift': { type: 'string' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const configFile = path.resolve(values.config);
  const config = loadConfigFile(configFile);
  const until = values.until === undefined ? undefined : untilOption(values.until);
  const { inputs, problems, label } = readInputs(values.orders, values.dataset, values['data-dir'], config);

  const tableName = 'loyalty-local';
  console.log(`Starting DynamoDB Local and the SES emulator; replaying ${label} (${inputs.length} events)…`);
  const services = await startLocalServices(tableName);
  // Once the replay is over the pages answer at its last virtual time, so the links of its digests still work.
  let pagesAt: number | undefined;
  const urls = await startUrlServer(wiring(config), undefined, () => pagesAt ?? Date.now());
  try {
    useLocalEnvironment({ endpoints: services.endpoints, tableName, configFile, urlBase: urls.baseUrl });
    const only = values.only?.split(',').map((id) => id.trim());
    const simulatedUplift = values['simulated-uplift'] === undefined ? undefined : { probability: probability(values['simulated-uplift']), seed: values.seed };
    const report = await replay({ config, inputs, problems, until, progress: process.stderr.isTTY ? 'bar' : 'lines', sesEndpoint: services.endpoints.ses, only, simulatedUplift });
    printSummary(report);
    mkdirSync(path.dirname(path.resolve(values.html)), { recursive: true });
    writeFileSync(values.html, funnelHtml(report));
    console.log(`Funnel report written to ${values.html}`);
    if (values.report) {
      writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`Report written to ${values.report}`);
    }
    if (values['keep-running']) {
      // The replay's bus stopped with it: a new one takes what the endpoints publish from here on.
      await LocalPipeline.start(config, only);
      pagesAt = Date.parse(until ?? inputs.at(-1)?.event.time ?? new Date().toISOString());
      return await keepRunning(services.endpoints, urls.baseUrl);
    }
  } finally {
    if (!values['keep-running']) await Promise.all([services.stop(), urls.stop()]);
  }
}


function printSummary(report: ReplayReport): void {
  const { counts } = report;
  const n = (key: string) => counts[key] ?? 0;
  console.log('\nReplay summary');
  console.log(`  input events              ${n('inputEvents')}`);
  console.log(`  first purchases detected  ${n('firstPurchaseDetected')}`);
  console.log(`  repeat purchases detected ${n('repeatPurchaseDetected')}`);
  console.log(`  rejected inputs           ${n('rejected')}`);
  console.log(`  failed invocations        ${n('failed')}`);
  console.log(`  schedules fired           ${n('schedulesFired')}`);
  if (n('flow-switch.recorded') + n('flow-switch.superseded')) {
    console.log(`  flow switches recorded    ${n('flow-switch.recorded')} (${n('flow-switch.superseded')} older or repeated, ignored)`);
    console.log(`    paused steps waiting    ${n('outreach-dispatcher.paused')} (summed over dispatcher runs), seller digests paused ${n('seller-digest.paused')}`);
  }
  console.log(`  customers flagged at risk ${report.flags.length}`);
  console.log(`  seller digests sent       ${report.digests.length}`);
  console.log(`  customers won back        ${report.wonBack.length}`);
  console.log(`  emails sent               ${report.emails.length}`);
  for (const [key, value] of Object.entries(counts).filter(([k]) => k.startsWith('emails.') || k.startsWith('skipped.'))) console.log(`    ${key.padEnd(38)} ${value}`);
  const rate = (ordered: string, of: string) => `${n(of)} customers, ${((100 * n(ordered)) / Math.max(1, n(of))).toFixed(1)}% ordered again afterwards`;
  console.log(`  second-order invitation   sent to ${rate('secondOrder.invitedThenOrdered', 'secondOrder.invited')}`);
  console.log(`    due but not mailable    ${rate('secondOrder.notMailedThenOrdered', 'secondOrder.notMailed')}`);
  console.log(`    sequence ended first    ${n('secondOrder.endedFirst')} customers (ordered before it was due)`);
  for (const u of report.uplift) console.log(`  uplift ${u.flow.padEnd(18)} ${upliftLine(u)}`);
  if (report.simulated) console.log(`  SIMULATED uplift P = ${report.simulated.uplift} (seed ${report.simulated.seed}): ${report.simulated.orders} simulated orders`);
  console.log(`  wall time                 ${n('wallSeconds')} s`);
  printUsage(report);
  for (const r of report.rejected.slice(0, 5)) console.log(`  rejected line ${r.line ?? '-'}: ${r.reason}`);
  for (const f of report.failed.slice(0, 5)) console.log(`  failed ${f.functionId} (${f.trigger}): ${f.error}`);
}

/** Per function: invocations, summed handler wall time, SDK requests (and per input event), DynamoDB capacity units. */
function printUsage({ functions, counts, emails }: ReplayReport): void {
  const perEvent = (calls: number) => (calls / Math.max(1, counts.inputEvents ?? 0)).toFixed(2);
  const row = (id: string, invocations: string, wallMs: string, calls: number, read: number, write: number) =>
    `  ${id.padEnd(22)} ${invocations.padStart(11)} ${wallMs.padStart(10)} ${String(calls).padStart(10)} ${perEvent(calls).padStart(9)} ${read.toFixed(0).padStart(9)} ${write.toFixed(0).padStart(9)}`;
  console.log(`\n  ${'function'.padEnd(22)} ${'invocations'.padStart(11)} ${'wall ms'.padStart(10)} ${'SDK calls'.padStart(10)} ${'per event'.padStart(9)} ${'read CU'.padStart(9)} ${'write CU'.padStart(9)}`);
  for (const f of functions) console.log(row(f.id, String(f.invocations), String(f.wallMs), f.sdkCalls, f.readUnits, f.writeUnits));
  console.log(row('total', '', '', counts.sdkCalls ?? 0, counts.readUnits ?? 0, counts.writeUnits ?? 0));
  if (emails.length) console.log(`  SDK calls per email sent (all calls / ${emails.length} emails): ${((counts.sdkCalls ?? 0) / emails.length).toFixed(2)}`);
}

async function keepRunning(endpoints: { dynamo: string; ses: string }, urlBase: string): Promise<void> {
  console.log(
    `\nStill running (Ctrl-C to stop):\n  SES inbox UI    ${endpoints.ses}/\n  DynamoDB Local  ${endpoints.dynamo}  (table loyalty-local)\n  Unsubscribe     ${urlBase}/unsubscribe?t=…\n  Seller pages    ${urlBase}/seller-desk?t=…  (the links in the digests of the SES inbox)`,
  );
  await new Promise(() => undefined);
}

const percent = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

/** One flow's uplift in words: groups, rates, difference with its interval, and what the groups can detect. */
function upliftLine(u: FlowUplift): string {
  const groups = `mailed ${u.mailed.n} (${percent(u.rateMailed)} converted), held out ${u.holdout.n} (${percent(u.rateHoldout)})`;
  if (!u.ci) return `${groups}: no comparison yet`;
  return `${groups}: uplift ${percent(u.uplift)}, 95% CI ${percent(u.ci[0])} to ${percent(u.ci[1])}, detectable from ${percent(u.minDetectable)}`;
}


function probability(value: string): number {
  const p = Number(value);
  if (value.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) throw new UsageError(`--simulated-uplift: expected a probability between 0 and 1, got "${value}"`);
  return p;
}


main().catch((error: unknown) => {
  if (error instanceof InvalidFileError || error instanceof UsageError || error instanceof MissingDataError) {
    console.error(error.message);
    console.error(USAGE);
  } else {
    console.error(error);
  }
  process.exit(1);
});
