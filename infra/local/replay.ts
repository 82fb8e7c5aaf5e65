import { SingleBar, Presets } from 'cli-progress';
import type { LoyaltyConfig } from '../../shared/config/schema';
import type { InputEvent, InputProblem } from './inputs';
import { LocalPipeline, type Failure } from './pipeline';
import { VirtualClock } from './virtual-clock';

/** The machine-readable replay report (`--report OUT.json`); its shape is a documented, stable interface. */
export interface ReplayReport {
  counts: Record<string, number>;
  events: { detailType: string; time: string; detail: unknown }[];
  emails: { to: string; subject: string; kind: string; customerId?: string; sellerId?: string; sentAt: string }[];
  rejected: { line?: number; detailType?: string; reason: string }[];
  failed: Failure[];
}

/** What a replay needs: the inputs in time order and the virtual time to run the schedules up to. */
export interface ReplayOptions {
  config: LoyaltyConfig;
  inputs: InputEvent[];
  problems?: InputProblem[];
  until?: string;
  progress?: boolean;
}

/** Replays the inputs through the local pipeline on the virtual clock and reports what happened. */
export async function replay({ config, inputs, problems = [], until, progress = false }: ReplayOptions): Promise<ReplayReport> {
  const pipeline = await LocalPipeline.start(config);
  const start = inputs[0]?.event.time ?? until ?? new Date(0).toISOString();
  const clock = new VirtualClock(pipeline, start);
  const bar = progress ? new SingleBar({ format: ' replay {bar} {percentage}% | {value}/{total} events | {eta_formatted} left' }, Presets.shades_classic) : undefined;
  bar?.start(inputs.length, 0);
  const startedAt = performance.now();
  try {
    for (const [i, { event, line }] of inputs.entries()) {
      await clock.advanceTo(event.time);
      if (!pipeline.route(event, line)) {
        pipeline.rejected.push({ line, functionId: '(bus)', detailType: event['detail-type'], reason: `no rule matches source "${event.source}" and detail-type "${event['detail-type']}"` });
      }
      if (i % 100 === 0) bar?.update(i);
    }
    await clock.advanceTo(until ?? inputs.at(-1)?.event.time ?? start);
    await pipeline.drain();
  } finally {
    bar?.update(inputs.length);
    bar?.stop();
    await pipeline.stop();
  }
  const seconds = (performance.now() - startedAt) / 1000;
  return buildReport(pipeline, inputs.length, problems, clock.fired, seconds);
}

function buildReport(pipeline: LocalPipeline, inputCount: number, problems: InputProblem[], schedulesFired: number, seconds: number): ReplayReport {
  const rejected = [
    ...problems.map((p) => ({ line: p.line, reason: p.reason })),
    ...pipeline.rejected.map(({ line, detailType, reason }) => ({ line, detailType, reason })),
  ].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  const emittedByType: Record<string, number> = {};
  for (const e of pipeline.emitted) emittedByType[e['detail-type']] = (emittedByType[e['detail-type']] ?? 0) + 1;
  const handled = Object.fromEntries(
    Object.entries(pipeline.results).flatMap(([fn, results]) => Object.entries(results).map(([result, n]) => [`${fn}.${result}`, n])),
  );
  return {
    counts: {
      inputEvents: inputCount + problems.length,
      rejected: rejected.length,
      failed: pipeline.failures.length,
      schedulesFired,
      ...Object.fromEntries(Object.entries(emittedByType).map(([type, n]) => [camel(type), n])),
      ...handled,
      wallSeconds: Math.round(seconds * 100) / 100,
    },
    events: pipeline.emitted.map((e) => ({ detailType: e['detail-type'], time: e.time, detail: e.detail })),
    emails: [],
    rejected,
    failed: pipeline.failures,
  };
}

/** "First Purchase Detected" → "firstPurchaseDetected". */
const camel = (detailType: string): string =>
  detailType
    .split(' ')
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
