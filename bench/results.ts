import type { ReplayReport } from '../infra/local/replay';
import type { BundleFigure } from './bundles';
import type { Costs } from './costs';
import type { ListPrices } from './prices';

/** The goals, next to the figures they judge. */
export const GOALS = { ratioToTenThousandPutItems: 8, sdkCallsPerInputEvent: 12, masterWallSeconds: 600 } as const;

/** One replay of a run: what it did, how long it took against the raw rate, what it called. */
export interface ReplayFigures {
  dataset: string;
  /** The functions it ran; every function of the wiring table when absent. */
  only?: string[];
  inputEvents: number;
  failed: number;
  wallSeconds: number;
  eventsPerSecond: number;
  /** Wall time over the time of 10,000 raw PutItems measured in the same run. */
  ratioToTenThousandPutItems: number;
  sdkCalls: number;
  sdkCallsPerInputEvent: number;
  emails: number;
  /** All calls of the replay over the emails it sent; null when it sent none. */
  sdkCallsPerEmail: number | null;
  readUnits: number;
  writeUnits: number;
  /** The replay report's per-function table. */
  functions: ReplayReport['functions'];
}

/**
 * `bench/results.json`: every figure of one `npm run bench` run. A stable, documented interface
 * (README, Measured): fields are only ever added.
 */
export interface BenchResults {
  command: string;
  startedAt: string;
  machine: { cpus: number; node: string; loadAverageAtStart: number[] };
  raw: {
    inFlight: number;
    /** PutItems per second, 10,000 items before and after the replays, and their mean. */
    putItemsPerSecondBefore: number;
    putItemsPerSecondAfter: number;
    putItemsPerSecond: number;
    /** 10,000 / the mean rate: the yardstick of every ratio. */
    tenThousandPutItemsSeconds: number;
  };
  intake: { orders: number; writeUnitsPerOrder: number; readUnitsPerOrder: number };
  upserve: { orders: number; nights: number; logWriteUnitsPerOrder: number; modelReadUnitsPerOrder: number; modelWriteUnitsPerOrder: number };
  replays: { sampleIntakeOnly: ReplayFigures; sample: ReplayFigures; master?: ReplayFigures };
  /** The full sample replay's work split into its order side and email side (see `costs`), per order and per email. */
  perOrder: { sdkCalls: number; readUnits: number; writeUnits: number };
  perEmail: { sdkCalls: number; readUnits: number; writeUnits: number };
  costs: Costs & { prices: ListPrices };
  bundles: BundleFigure[];
  goals: typeof GOALS;
}

/** A replay's figures from its report, against the raw yardstick of the same run. */
export function replayFigures(dataset: string, report: ReplayReport, tenThousandPutItemsSeconds: number, only?: string[]): ReplayFigures {
  const { counts, emails } = report;
  const inputEvents = counts.inputEvents ?? 0;
  const wallSeconds = counts.wallSeconds ?? 0;
  const sdkCalls = counts.sdkCalls ?? 0;
  return {
    dataset,
    ...(only ? { only } : {}),
    inputEvents,
    failed: report.failed.length,
    wallSeconds,
    eventsPerSecond: inputEvents / wallSeconds,
    ratioToTenThousandPutItems: wallSeconds / tenThousandPutItemsSeconds,
    sdkCalls,
    sdkCallsPerInputEvent: sdkCalls / inputEvents,
    emails: emails.length,
    sdkCallsPerEmail: emails.length ? sdkCalls / emails.length : null,
    readUnits: counts.readUnits ?? 0,
    writeUnits: counts.writeUnits ?? 0,
    functions: report.functions,
  };
}

const fixed = (x: number, digits: number) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const dollars = (x: number) => `$${x.toFixed(4)}`;

/** The table the README's Measured section shows, as Markdown rows. */
export function resultsTable(r: BenchResults): string[] {
  const replay = (name: string, f: ReplayFigures) =>
    `| ${name} | ${fixed(f.wallSeconds, 1)} s, ${fixed(f.eventsPerSecond, 0)} events/s, ${fixed(f.ratioToTenThousandPutItems, 2)}× the 10,000 PutItems; ${fixed(f.sdkCallsPerInputEvent, 2)} SDK calls per input event (${fixed(f.inputEvents, 0)} events, ${fixed(f.emails, 0)} emails, ${f.failed} failed) |`;
  const cost = (c: BenchResults['costs']['perThousandOrders']) =>
    `${dollars(c.total)} (DynamoDB ${dollars(c.dynamoDb)}, Lambda ${dollars(c.lambda)}, EventBridge ${dollars(c.eventBridge)}, SES ${dollars(c.ses)})`;
  const { raw, replays, costs } = r;
  return [
    '| figure | value |',
    '| --- | --- |',
    `| DynamoDB Local raw \`PutItem\`, ${raw.inFlight} in flight | ${fixed(raw.putItemsPerSecondBefore, 0)} /s before, ${fixed(raw.putItemsPerSecondAfter, 0)} /s after the replays; 10,000 PutItems take ${fixed(raw.tenThousandPutItemsSeconds, 2)} s |`,
    replay('replay CDNOW sample, intake only', replays.sampleIntakeOnly),
    replay('replay CDNOW sample, every flow', replays.sample),
    ...(replays.master ? [replay('replay CDNOW master, every flow', replays.master)] : []),
    `| SDK calls, every flow (sample) | ${fixed(replays.sample.sdkCallsPerInputEvent, 2)} per input event (goal ≤ ${r.goals.sdkCallsPerInputEvent}), ${replays.sample.sdkCallsPerEmail === null ? 'n/a' : fixed(replays.sample.sdkCallsPerEmail, 2)} per email; order side ${fixed(r.perOrder.sdkCalls, 2)} per order, email side ${fixed(r.perEmail.sdkCalls, 2)} per email |`,
    `| DynamoDB units, every flow (sample) | per order ${fixed(r.perOrder.writeUnits, 3)} write, ${fixed(r.perOrder.readUnits, 3)} read; per email ${fixed(r.perEmail.writeUnits, 3)} write, ${fixed(r.perEmail.readUnits, 3)} read |`,
    `| intake per \`Order Placed\` | ${fixed(r.intake.writeUnitsPerOrder, 3)} write units, ${fixed(r.intake.readUnitsPerOrder, 3)} read units (goal ≤ 3 write) |`,
    `| up-serve per new order | order log ${fixed(r.upserve.logWriteUnitsPerOrder, 3)} write units; nightly model ${fixed(r.upserve.modelReadUnitsPerOrder, 3)} read, ${fixed(r.upserve.modelWriteUnitsPerOrder, 3)} write units |`,
    `| per 1,000 orders (${costs.prices.source}, ${costs.prices.asOf}) | ${cost(costs.perThousandOrders)} |`,
    `| per 1,000 emails | ${cost(costs.perThousandEmails)} |`,
  ];
}

/** The bundles' sizes, memory and cold starts, as Markdown rows. */
export function bundlesTable(bundles: BundleFigure[]): string[] {
  return [
    '| function | bundle | memory | cold start (wall, CPU) |',
    '| --- | ---: | ---: | ---: |',
    ...bundles.map((b) => `| ${b.functionId} | ${fixed(b.bytes / 1024, 0)} KB | ${b.memoryMb} MB | ${fixed(b.coldStartMs, 0)} ms, ${fixed(b.coldStartCpuMs, 0)} ms |`),
  ];
}
