import type { LoyaltyConfig } from '../../shared/config/schema';
import {
  DetailType,
  type CustomerAtRisk,
  type SellerActionRecorded,
  type CustomerWonBack,
  type OutreachFailed,
  type OutreachSent,
  type OutreachSkipped,
  type SellerDigestSent,
} from '../../shared/contracts/events';
import type { FlowUplift } from '../../shared/domain/measure/uplift';
import { addDays } from '../../shared/domain/time';
import type { BusEvent } from '../../shared/runtime/handler';
import { readMailbox, type StoredEmail } from './mailbox';
import type { InputEvent, InputProblem } from './inputs';
import { LocalPipeline, type Failure, type Rejection } from './pipeline';
import { startProgress, type ProgressStyle } from './progress';
import { secondOrderRates } from './second-order-rates';
import { SIMULATION_STEP_DAYS, UpliftSimulator, type SimulatedUpliftOptions } from './simulated-uplift';
import { precisionBySeller, type ActionRecord, type FlagPrecision } from '../../shared/domain/seller-action';
import { upliftByFlow } from './uplift-report';
import { VirtualClock } from './virtual-clock';

/** The machine-readable replay report (`--report OUT.json`); its shape is a documented, stable interface. */
export interface ReplayReport {
  counts: Record<string, number>;
  events: { detailType: string; time: string; detail: unknown }[];
  emails: { to: string; subject: string; kind: string; customerId?: string; sellerId?: string; sentAt: string }[];
  /** Queued emails that will not be sent, and why. */
  skipped: { customerId: string; kind: string; reason: string; at: string }[];
  /** Emails that could not be sent after their retries, with the reason. */
  undeliverable: { customerId: string; kind: string; reason: string; at: string }[];
  rejected: { line?: number; detailType?: string; reason: string }[];
  failed: Failure[];
  /** Customers flagged at risk (`Customer At Risk`), with their seller, score and the reason in words. */
  flags: { customerId: string; sellerId: string; flaggedAt: string; score: number; reason: string }[];
  /** Seller digests sent (`Seller Digest Sent`): the seller's local date and the customers newly at risk, ranked by value. */
  digests: { sellerId: string; date: string; customerIds: string[] }[];
  /** Flagged customers who ordered again (`Customer Won Back`), at the time of that order. */
  wonBack: { customerId: string; at: string }[];
  /** What sellers did from their digests (`Seller Action Recorded`): replayed `local.seller` input lines. */
  sellerActions: ActionRecord[];
  /** Per seller and `(all)`: flags, those judged (acted on), false alarms ("not at risk") and the precision they measure. */
  sellerPrecision: FlagPrecision[];
  /**
   * Per function (and `(runner)`, the replay's own idle checks): handler calls, their summed wall ms, SDK requests by
   * operation, the DynamoDB read and write capacity units they consumed as DynamoDB Local reports them, and the
   * entries of their PutEvents requests.
   */
  functions: {
    id: string;
    invocations: number;
    wallMs: number;
    sdkCalls: number;
    sdkCallsByOperation: Record<string, number>;
    readUnits: number;
    writeUnits: number;
    putEventsEntries: number;
  }[];
  /** Per flow: customers mailed vs held out, converted and attributed revenue, rates, uplift with its 95% interval, smallest detectable uplift. */
  uplift: FlowUplift[];
  /** Addresses suppressed during the replay: unsubscribes, permanent bounces and complaints. */
  suppressions: { reason: 'unsubscribe' | 'bounce' | 'complaint'; at: string }[];
  /** Present when the run added simulated orders (`--simulated-uplift`): its conversions are not real. */
  simulated?: { uplift: number; seed: string; orders: number };
}

/** What a replay needs: the inputs in order of delivery and the virtual time to run the schedules up to. */
export interface ReplayOptions {
  config: LoyaltyConfig;
  inputs: InputEvent[];
  problems?: InputProblem[];
  until?: string;
  /** Show progress on stderr; none when absent. */
  progress?: ProgressStyle;
  /** The SES emulator, whose stored mail fills the report's `emails`. */
  sesEndpoint: string;
  /** Run only these functions (ids of the wiring table); all when absent. */
  only?: readonly string[];
  /** Adds simulated orders after mailed invitations and win-backs (`--simulated-uplift`). */
  simulatedUplift?: SimulatedUpliftOptions;
}

/** Replays the inputs through the local pipeline on the virtual clock and reports what happened. */
export async function replay({ config, inputs, problems = [], until, progress, sesEndpoint, only, simulatedUplift }: ReplayOptions): Promise<ReplayReport> {
  const pipeline = await LocalPipeline.start(config, only);
  const start = inputs[0]?.event.time ?? until ?? new Date(0).toISOString();
  const clock = new VirtualClock(pipeline, start);
  const simulator = simulatedUplift && new UpliftSimulator(simulatedUplift, config.bus.orderSource);
  const advance = simulator ? simulating(clock, pipeline, simulator, start) : (time: string) => clock.advanceTo(time);
  const bar = progress ? startProgress(progress, inputs.length) : undefined;
  const startedAt = performance.now();
  try {
    for (const [i, { event, line, deliverAt }] of inputs.entries()) {
      await advance(deliverAt ?? event.time);
      simulator?.observe(event);
      if (!pipeline.route(event, line)) {
        pipeline.rejected.push({ line, functionId: '(bus)', detailType: event['detail-type'], reason: `no rule matches source "${event.source}" and detail-type "${event['detail-type']}"` });
      }
      bar?.update(i);
    }
    await advance(until ?? inputs.at(-1)?.event.time ?? start);
    await pipeline.drain();
  } finally {
    bar?.update(inputs.length);
    bar?.stop();
    await pipeline.stop();
  }
  const seconds = (performance.now() - startedAt) / 1000;
  const report = buildReport(pipeline, inputs, problems, clock, seconds, await readMailbox(sesEndpoint));
  return simulator ? { ...report, simulated: { uplift: simulator.options.probability, seed: simulator.options.seed, orders: simulator.placed } } : report;
}

/**
 * Advancing the clock while simulating: in steps shorter than the earliest simulated order after an
 * email, feeding each simulated order in at its own time.
 */
function simulating(clock: VirtualClock, pipeline: LocalPipeline, simulator: UpliftSimulator, start: string): (time: string) => Promise<void> {
  let now = Date.parse(start);
  return async (time) => {
    const until = Date.parse(time);
    while (now < until) {
      simulator.collect(pipeline.emitted);
      const next = simulator.nextAt();
      const step = Math.min(until, Date.parse(addDays(new Date(now).toISOString(), SIMULATION_STEP_DAYS)), next === undefined ? Infinity : Date.parse(next));
      await clock.advanceTo(new Date(step).toISOString());
      for (const order of simulator.takeDue(new Date(step).toISOString())) pipeline.route(order);
      now = step;
    }
    await clock.advanceTo(time);
  };
}

function buildReport(pipeline: LocalPipeline, inputs: InputEvent[], problems: InputProblem[], clock: VirtualClock, seconds: number, mailbox: StoredEmail[]): ReplayReport {
  const inputCount = inputs.length;
  const flags = detailsOf<CustomerAtRisk>(pipeline.emitted, DetailType.CustomerAtRisk).map(({ customerId, sellerId, flaggedAt, score, reason }) => ({ customerId, sellerId, flaggedAt, score, reason }));
  const sellerActions = detailsOf<SellerActionRecorded>(pipeline.emitted, DetailType.SellerActionRecorded);
  const rejected = [...problems.map((p) => ({ line: p.line, reason: p.reason })), ...onePerInput(pipeline.rejected)].sort(
    (a, b) => (a.line ?? Infinity) - (b.line ?? Infinity),
  );
  const emittedByType = tally(pipeline.emitted.map((e) => e['detail-type']));
  const handled = Object.fromEntries(
    Object.entries(pipeline.results).flatMap(([fn, results]) => Object.entries(results).map(([result, n]) => [`${fn}.${result}`, n])),
  );
  const emails = emailsSent(pipeline.emitted, mailbox);
  const skipped = detailsOf<OutreachSkipped>(pipeline.emitted, DetailType.OutreachSkipped).map((d) => ({ customerId: d.customerId, kind: d.kind, reason: d.reason, at: d.skippedAt }));
  const functions = functionUsage(pipeline);
  const undeliverable = detailsOf<OutreachFailed>(pipeline.emitted, DetailType.OutreachFailed).map((d) => ({ customerId: d.customerId, kind: d.kind, reason: d.reason, at: d.failedAt }));
  return {
    counts: {
      inputEvents: inputCount + problems.length,
      rejected: rejected.length,
      failed: pipeline.failures.length,
      schedulesFired: clock.fired,
      schedulesIdle: clock.idleSkipped,
      ...Object.fromEntries(Object.entries(emittedByType).map(([type, n]) => [camel(type), n])),
      ...tally(emails.map((e) => `emails.${e.kind}`)),
      ...tally(skipped.map((s) => `skipped.${s.reason}`)),
      ...secondOrderRates(pipeline.emitted),
      ...handled,
      sdkCalls: functions.reduce((sum, f) => sum + f.sdkCalls, 0),
      readUnits: round2(functions.reduce((sum, f) => sum + f.readUnits, 0)),
      writeUnits: round2(functions.reduce((sum, f) => sum + f.writeUnits, 0)),
      wallSeconds: round2(seconds),
    },
    events: pipeline.emitted.map((e) => ({ detailType: e['detail-type'], time: e.time, detail: e.detail })),
    emails,
    skipped,
    undeliverable,
    rejected,
    failed: pipeline.failures,
    flags,
    digests: detailsOf<SellerDigestSent>(pipeline.emitted, DetailType.SellerDigestSent).map(({ sellerId, date, customerIds }) => ({ sellerId, date, customerIds })),
    wonBack: detailsOf<CustomerWonBack>(pipeline.emitted, DetailType.CustomerWonBack).map((d) => ({ customerId: d.customerId, at: d.placedAt })),
    sellerActions,
    sellerPrecision: precisionBySeller(flags, sellerActions),
    functions,
    uplift: upliftByFlow(pipeline.emitted),
    suppressions: suppressionsOf(pipeline.emitted, inputs),
  };
}

/** Unsubscribes (our events) and the SES feedback among the inputs that suppresses an address: permanent bounces and complaints. */
function suppressionsOf(emitted: BusEvent[], inputs: InputEvent[]): ReplayReport['suppressions'] {
  const unsubscribes = detailsOf<{ at: string }>(emitted, DetailType.CustomerUnsubscribed).map((d) => ({ reason: 'unsubscribe' as const, at: d.at }));
  const feedback = inputs.flatMap(({ event }): ReplayReport['suppressions'] => {
    const detail = event.detail as { eventType?: string; bounce?: { bounceType?: string } } | undefined;
    if (event.source !== 'aws.ses') return [];
    if (detail?.eventType === 'Complaint') return [{ reason: 'complaint', at: event.time }];
    return detail?.eventType === 'Bounce' && detail.bounce?.bounceType === 'Permanent' ? [{ reason: 'bounce', at: event.time }] : [];
  });
  return [...unsubscribes, ...feedback].sort((a, b) => a.at.localeCompare(b.at));
}

/** The usage table, in wiring order, the runner's own calls last. */
function functionUsage(pipeline: LocalPipeline): ReplayReport['functions'] {
  const ids = [...pipeline.functions.map((fn) => fn.id), ...Object.keys(pipeline.usage)];
  return [...new Set(ids)].flatMap((id) => {
    const usage = pipeline.usage[id];
    if (!usage) return [];
    const byOperation = Object.entries(usage.sdkCalls).sort(([a], [b]) => a.localeCompare(b));
    const sdkCalls = byOperation.reduce((sum, [, n]) => sum + n, 0);
    const { read, write } = usage.units;
    const { invocations, putEventsEntries } = usage;
    return [{ id, invocations, wallMs: Math.round(usage.wallMs), sdkCalls, sdkCallsByOperation: Object.fromEntries(byOperation), readUnits: round2(read), writeUnits: round2(write), putEventsEntries }];
  });
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** "First Purchase Detected" → "firstPurchaseDetected". */
const camel = (detailType: string): string =>
  detailType
    .split(' ')
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('');

const detailsOf = <T>(events: BusEvent[], detailType: string): T[] => events.filter((e) => e['detail-type'] === detailType).map((e) => e.detail as T);

const tally = (keys: string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
};

/** Every email sent, customers' and sellers' digests, from the events that announced it, with address and subject from the SES emulator. */
function emailsSent(events: BusEvent[], mailbox: StoredEmail[]): ReplayReport['emails'] {
  const byId = new Map(mailbox.map((m) => [m.messageId, m]));
  const envelope = (messageId: string) => {
    const mail = byId.get(messageId);
    return { to: mail?.to.join(', ') ?? '', subject: mail?.subject ?? '' };
  };
  const outreach = detailsOf<OutreachSent>(events, DetailType.OutreachSent).map((sent) => ({
    ...envelope(sent.messageId),
    kind: sent.kind,
    customerId: sent.customerId,
    sentAt: sent.sentAt,
  }));
  const digests = detailsOf<SellerDigestSent>(events, DetailType.SellerDigestSent).map((sent) => ({
    ...envelope(sent.messageId),
    kind: 'seller-digest',
    sellerId: sent.sellerId,
    sentAt: sent.sentAt,
  }));
  return [...outreach, ...digests].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}

/** An input routed to several functions is rejected by each: the report lists it once, with every distinct reason. */
function onePerInput(rejections: Rejection[]): ReplayReport['rejected'] {
  const byInput = new Map<string, { line?: number; detailType?: string; reasons: Set<string> }>();
  rejections.forEach((r, i) => {
    const key = r.line === undefined ? `#${i}` : String(r.line);
    const entry = byInput.get(key) ?? { line: r.line, detailType: r.detailType, reasons: new Set<string>() };
    entry.reasons.add(r.reason);
    byInput.set(key, entry);
  });
  return [...byInput.values()].map(({ line, detailType, reasons }) => ({ line, detailType, reason: [...reasons].join('; ') }));
}
