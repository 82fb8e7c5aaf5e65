import { randomUUID } from 'node:crypto';
import type { LoyaltyConfig } from '../../shared/config/schema';
import { DetailType } from '../../shared/contracts/events';
import { seededUniform } from '../../shared/domain/random';
import { useFreshTable, type LocalServices } from './environment';
import type { InputEvent } from './inputs';
import { replay, type ReplayReport } from './replay';

/** How the soak delivers the inputs: each one `copies` times, every copy at a random moment of the `windowMinutes` after its time. */
export interface Redelivery {
  copies: number;
  windowMinutes: number;
  seed: number;
}

/** What an at-least-once bus may do: every event more than once, late, and out of order within the window. */
export function redelivered(inputs: readonly InputEvent[], { copies, windowMinutes, seed }: Redelivery): (InputEvent & { deliverAt: string })[] {
  const uniform = seededUniform(seed);
  const delay = () => Math.floor(uniform() * windowMinutes * 60_000);
  return inputs
    .flatMap((input) => Array.from({ length: copies }, () => ({ ...input, deliverAt: new Date(Date.parse(input.event.time) + delay()).toISOString() })))
    .sort((a, b) => a.deliverAt.localeCompare(b.deliverAt));
}

/**
 * Each input once, when its first copy arrives: the baseline the redelivered replay must match. A
 * late first copy delays what depends on it in both replays alike (no system acts on an order it has
 * not seen yet), so what differs between them is only what the extra copies and their order changed.
 */
export function firstCopies<T extends { event: object }>(deliveries: readonly T[]): T[] {
  const seen = new Set<object>();
  return deliveries.filter(({ event }) => !seen.has(event) && seen.add(event));
}

/** The inputs of the first `count` customers to appear (by customer id in the detail), for a shorter soak. */
export function firstCustomers(inputs: readonly InputEvent[], count: number): InputEvent[] {
  const kept = new Set<string>();
  return inputs.filter(({ event }) => {
    const id = customerIdOf(event.detail);
    if (id === undefined) return true;
    if (!kept.has(id) && kept.size < count) kept.add(id);
    return kept.has(id);
  });
}

const customerIdOf = (detail: unknown): string | undefined => {
  const d = detail as { customerId?: unknown; customer?: { id?: unknown } } | undefined;
  const id = d?.customer?.id ?? d?.customerId;
  return typeof id === 'string' ? id : undefined;
};

/** A figure that differs between the clean and the redelivered replay. */
export interface SoakDifference {
  key: string;
  clean: number;
  redelivered: number;
}

/** One compared figure: its totals in both replays and every key where they differ. */
export interface SoakFigure {
  clean: number;
  redelivered: number;
  differences: SoakDifference[];
}

/** The soak's verdict (`npm run soak -- --report`): emails per recipient and kind, flags, digests and failures of both replays. */
export interface SoakResult {
  inputs: { clean: number; redelivered: number };
  redelivery: Redelivery;
  /** Emails per customer (or seller, for digests) and kind: `<customerId|sellerId> <kind>`. */
  emails: SoakFigure;
  /** Flags per customer, seller and time: `<customerId> <sellerId> <flaggedAt>`. */
  flags: SoakFigure;
  /** Digests per seller and date, with the customers they listed: `<sellerId> <date> <customerIds>`. */
  digests: SoakFigure;
  /** Purchases announced (first, repeat, won back): `<detail-type> <customerId> <orderId>`; a redelivered order must not count again. */
  purchases: SoakFigure;
  failed: { clean: number; redelivered: number };
  same: boolean;
}

/**
 * Replays the inputs redelivered, and once each at its first copy's time, each on its own table, and
 * compares what customers and sellers got: duplicates and their order must change nothing.
 */
export async function soak(options: { config: LoyaltyConfig; configFile: string; inputs: InputEvent[]; services: Pick<LocalServices, 'endpoints'>; redelivery: Redelivery; until?: string }): Promise<SoakResult> {
  const { config, configFile, inputs, services, redelivery, until } = options;
  const run = async (deliveries: InputEvent[]) => {
    await useFreshTable(services, `soak-${randomUUID()}`, configFile);
    return replay({ config, inputs: deliveries, until, sesEndpoint: services.endpoints.ses });
  };
  const again = redelivered(inputs, redelivery);
  const once = firstCopies(again);
  return compareReplays(await run(once), await run(again), { clean: once.length, redelivered: again.length }, redelivery);
}

/** Compares a clean replay with a redelivered one. */
export function compareReplays(clean: ReplayReport, again: ReplayReport, inputs: SoakResult['inputs'], redelivery: Redelivery): SoakResult {
  const emails = compare(clean, again, (r) => r.emails.map((e) => `${e.customerId ?? e.sellerId} ${e.kind}`));
  const flags = compare(clean, again, (r) => r.flags.map((f) => `${f.customerId} ${f.sellerId} ${f.flaggedAt}`));
  const digests = compare(clean, again, (r) => r.digests.map((d) => `${d.sellerId} ${d.date} ${d.customerIds.join(',')}`));
  const purchases = compare(clean, again, (r) => r.events.filter((e) => PURCHASE_FACTS.has(e.detailType)).map((e) => `${e.detailType} ${purchaseOf(e.detail)}`));
  const failed = { clean: clean.failed.length, redelivered: again.failed.length };
  const same = [emails, flags, digests, purchases].every((f) => f.differences.length === 0) && failed.clean === 0 && failed.redelivered === 0;
  return { inputs, redelivery, emails, flags, digests, purchases, failed, same };
}

const PURCHASE_FACTS = new Set<string>([DetailType.FirstPurchaseDetected, DetailType.RepeatPurchaseDetected, DetailType.CustomerWonBack]);
const purchaseOf = (detail: unknown): string => {
  const { customerId, orderId } = detail as { customerId: string; orderId: string };
  return `${customerId} ${orderId}`;
};

function compare(clean: ReplayReport, again: ReplayReport, keysOf: (report: ReplayReport) => string[]): SoakFigure {
  const [a, b] = [tally(keysOf(clean)), tally(keysOf(again))];
  const differences = [...new Set([...a.keys(), ...b.keys()])]
    .sort()
    .flatMap((key) => ((a.get(key) ?? 0) === (b.get(key) ?? 0) ? [] : [{ key, clean: a.get(key) ?? 0, redelivered: b.get(key) ?? 0 }]));
  return { clean: keysOf(clean).length, redelivered: keysOf(again).length, differences };
}

const tally = (keys: string[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
};
