/**
 * `npm run bench [-- --master | --bundles-only]`: every figure measured in this one run on one DynamoDB Local, written
 * to `bench/results.json` and printed as the README's table — the raw PutItem rate, intake and
 * up-serve capacity units per order, replay wall times against 10,000 raw PutItems, SDK calls and
 * DynamoDB units per input event, per order and per email, what a deployment would pay per 1,000
 * orders and per 1,000 emails at list prices, and each function's bundle size and cold start as
 * deployed. `--master` adds the full replay of CDNOW master; `--bundles-only` runs and prints only the
 * bundles' figures (a minute or two) and writes nothing.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CdnowDataset } from '../infra/local/datasets/cdnow';
import { cdnowInputs } from '../infra/local/datasets/cdnow-inputs';
import { startLocalServices, useFreshTable, type LocalServices } from '../infra/local/environment';
import { replay } from '../infra/local/replay';
import { createTable, localDynamoClient } from '../infra/local/stand-ins';
import { wiring } from '../infra/wiring';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../shared/config/config-file';
import { DetailType } from '../shared/contracts/events';
import { bundleFigures } from './bundles';
import { costsOf, type Usage } from './costs';
import { intakeUnits } from './intake-units';
import { AWS_LIST_PRICES } from './prices';
import { rawWriteRate } from './raw-write-rate';
import { GOALS, bundlesTable, replayFigures, resultsTable, type BenchResults } from './results';
import { upserveModelUnits } from './upserve-model-units';

const RESULTS_FILE = path.join(__dirname, 'results.json');
const RAW_ITEMS = 10_000;
const IN_FLIGHT = 16;

const config = loadConfigFile();
const events = (dataset: CdnowDataset) => cdnowInputs(dataset, config);

let tables = 0;
async function freshReplay(services: LocalServices, dataset: CdnowDataset, only?: string[]) {
  await useFreshTable(services, `bench-replay-${++tables}`, DEFAULT_CONFIG_FILE);
  const inputs = events(dataset);
  const report = await replay({ config, inputs, sesEndpoint: services.endpoints.ses, only, progress: 'lines' });
  return { inputs, report };
}

/** Calls and units of one side of the work, per order or per email. */
const per = (usage: Usage, n: number) => ({ sdkCalls: usage.sdkCalls / n, readUnits: usage.readUnits / n, writeUnits: usage.writeUnits / n });

/** `--bundles-only`: the bundle story alone, printed; results.json stays the file of one full run. */
async function bundlesOnly(): Promise<void> {
  const services = await startLocalServices('bench-bundles');
  try {
    console.log(bundlesTable(await bundleFigures(services.endpoints)).join('\n'));
  } finally {
    await services.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { master: { type: 'boolean', default: false }, 'bundles-only': { type: 'boolean', default: false } } });
  if (values['bundles-only']) return bundlesOnly();
  const startedAt = new Date().toISOString();
  const machine = { cpus: availableParallelism(), node: process.version, loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100) };
  const services = await startLocalServices('bench-raw');
  const client = localDynamoClient(services.endpoints.dynamo);
  try {
    await rawWriteRate(client, 'bench-raw', { items: 3000 }); // warm up the JVM
    const rawBefore = await rawWriteRate(client, 'bench-raw', { items: RAW_ITEMS, inFlight: IN_FLIGHT });

    await createTable(client, 'bench-units');
    const units = await intakeUnits(client, 'bench-units', events('cdnow-sample'));
    await createTable(client, 'bench-upserve');
    const model = await upserveModelUnits(client, 'bench-upserve', events('cdnow-sample'), config.upserve);

    const intakeOnly = await freshReplay(services, 'cdnow-sample', ['order-intake']);
    const full = await freshReplay(services, 'cdnow-sample');
    const master = values.master ? await freshReplay(services, 'cdnow-master') : undefined;
    const rawAfter = await rawWriteRate(client, 'bench-raw', { items: RAW_ITEMS, inFlight: IN_FLIGHT });
    const putItemsPerSecond = (rawBefore + rawAfter) / 2;
    const tenThousandPutItemsSeconds = 10_000 / putItemsPerSecond;

    const bundles = await bundleFigures(services.endpoints);
    const orders = full.inputs.filter(({ event }) => event['detail-type'] === DetailType.OrderPlaced).length;
    const costs = costsOf({
      report: full.report,
      orders,
      shopEvents: full.inputs.filter(({ event }) => event.source === config.bus.orderSource).length,
      senders: wiring(config).filter((fn) => fn.sendsEmail).map((fn) => fn.id),
      memoryMb: new Map(bundles.map((b) => [b.functionId, b.memoryMb])),
      prices: AWS_LIST_PRICES,
    });
    const results: BenchResults = {
      command: `npm run bench${values.master ? ' -- --master' : ''}`,
      startedAt,
      machine,
      raw: { inFlight: IN_FLIGHT, putItemsPerSecondBefore: rawBefore, putItemsPerSecondAfter: rawAfter, putItemsPerSecond, tenThousandPutItemsSeconds },
      intake: { orders: units.orders, writeUnitsPerOrder: units.writeUnits, readUnitsPerOrder: units.readUnits },
      upserve: {
        orders: model.orders,
        nights: model.nights,
        logWriteUnitsPerOrder: model.logWriteUnits,
        modelReadUnitsPerOrder: model.modelReadUnits,
        modelWriteUnitsPerOrder: model.modelWriteUnits,
      },
      replays: {
        sampleIntakeOnly: replayFigures('cdnow-sample', intakeOnly.report, tenThousandPutItemsSeconds, ['order-intake']),
        sample: replayFigures('cdnow-sample', full.report, tenThousandPutItemsSeconds),
        ...(master ? { master: replayFigures('cdnow-master', master.report, tenThousandPutItemsSeconds) } : {}),
      },
      perOrder: per(costs.orderSide, costs.orders),
      perEmail: per(costs.emailSide, costs.emails),
      costs: { ...costs, prices: AWS_LIST_PRICES },
      bundles,
      goals: GOALS,
    };
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nBench (${results.command}, one DynamoDB Local, one run; ${machine.cpus} cores, load ${machine.loadAverageAtStart.join(' ')} at start)\n`);
    console.log([...resultsTable(results), '', ...bundlesTable(bundles)].join('\n'));
    console.log(`\nEvery figure: ${path.relative(process.cwd(), RESULTS_FILE)}`);
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
