/**
 * `npm run bench [-- --master]`: the figures of the foundation, all measured in this one run on one
 * DynamoDB Local — intake capacity units per order, the up-serve order log's and nightly model's
 * units per new order, replay wall times, and the pipeline's order
 * events/s next to DynamoDB Local's raw write rate, with their ratio, and each function's bundle size
 * and cold start as deployed.
 */
import { parseArgs } from 'node:util';
import type { CdnowDataset } from '../infra/local/datasets/cdnow';
import { cdnowInputs } from '../infra/local/datasets/cdnow-inputs';
import { startLocalServices, useFreshTable, type LocalServices } from '../infra/local/environment';
import { replay } from '../infra/local/replay';
import { createTable, localDynamoClient } from '../infra/local/stand-ins';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../shared/config/config-file';
import { bundleFigures } from './bundles';
import { intakeUnits } from './intake-units';
import { rawWriteRate } from './raw-write-rate';
import { upserveModelUnits } from './upserve-model-units';

const config = loadConfigFile();
const events = (dataset: CdnowDataset) => cdnowInputs(dataset, config);

let tables = 0;
async function freshReplay(services: LocalServices, dataset: CdnowDataset, only?: string[]) {
  await useFreshTable(services, `bench-replay-${++tables}`, DEFAULT_CONFIG_FILE);
  const inputs = events(dataset);
  const report = await replay({ config, inputs, sesEndpoint: services.endpoints.ses, only });
  const seconds = report.counts.wallSeconds!;
  return { seconds, perSecond: inputs.length / seconds, events: inputs.length, failed: report.failed.length };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { master: { type: 'boolean', default: false } } });
  const services = await startLocalServices('bench-raw');
  const client = localDynamoClient(services.endpoints.dynamo);
  try {
    await rawWriteRate(client, 'bench-raw', { items: 3000 }); // warm up the JVM
    const rawBefore = await rawWriteRate(client, 'bench-raw', { items: 5000, inFlight: 16 });

    await createTable(client, 'bench-units');
    const units = await intakeUnits(client, 'bench-units', events('cdnow-sample'));
    await createTable(client, 'bench-upserve');
    const model = await upserveModelUnits(client, 'bench-upserve', events('cdnow-sample'), config.upserve);

    const intakeOnly = await freshReplay(services, 'cdnow-sample', ['order-intake']);
    const full = await freshReplay(services, 'cdnow-sample');
    const master = values.master ? await freshReplay(services, 'cdnow-master', ['order-intake']) : undefined;
    const rawAfter = await rawWriteRate(client, 'bench-raw', { items: 5000, inFlight: 16 });
    const raw = (rawBefore + rawAfter) / 2;

    const row = (name: string, r: { seconds: number; perSecond: number; events: number; failed: number }) =>
      `  ${name.padEnd(44)} ${r.seconds.toFixed(1).padStart(7)} s  ${r.perSecond.toFixed(0).padStart(6)} events/s  ratio to raw ${(r.perSecond / raw).toFixed(3)}  (${r.events} events, ${r.failed} failed)`;
    console.log('\nBench (one DynamoDB Local, one run)');
    console.log(`  DynamoDB Local raw PutItem rate, 16 in flight   ${rawBefore.toFixed(0)} /s before, ${rawAfter.toFixed(0)} /s after (mean ${raw.toFixed(0)})`);
    console.log(`  intake capacity per Order Placed (${units.orders} orders)  ${units.writeUnits.toFixed(3)} write units, ${units.readUnits.toFixed(3)} read units (goal ≤ 3 write units)`);
    console.log(
      `  up-serve per new order (${model.orders} orders, ${model.nights} nightly runs)  order log ${model.logWriteUnits.toFixed(3)} write units; model job ${model.modelReadUnits.toFixed(3)} read, ${model.modelWriteUnits.toFixed(3)} write units`,
    );
    console.log(row('replay CDNOW sample, intake only', intakeOnly));
    console.log(row('replay CDNOW sample, every function', full));
    if (master) console.log(row('replay CDNOW master, intake only', master));
    console.log('\n  bundle (as deployed)            size   cold start: load + first invocation, wall and CPU');
    for (const b of await bundleFigures(services.endpoints)) {
      console.log(`  ${b.functionId.padEnd(26)} ${(b.bytes / 1024).toFixed(0).padStart(6)} KB  ${b.coldStartMs.toFixed(0).padStart(6)} ms  ${b.coldStartCpuMs.toFixed(0).padStart(6)} ms CPU`);
    }
  } finally {
    await services.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
