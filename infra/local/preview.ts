import { randomUUID } from 'node:crypto';
import { loadConfigFile } from '../../shared/config/config-file';
import { useFreshTable, type LocalServices } from './environment';
import type { InputEvent } from './inputs';
import { replay, type ReplayReport } from './replay';

/** The preview's file (`npm run preview -- --report OUT.json`): both replays and every count that differs, as [against, config]. */
export interface PreviewReport {
  against: ReplayReport;
  config: ReplayReport;
  diff: Record<string, [number, number]>;
}

/** Replays the same inputs under the current config (`against`) and the changed one, each on its own table. */
export async function preview(options: { againstFile: string; configFile: string; inputs: InputEvent[]; until?: string; services: Pick<LocalServices, 'endpoints'> }): Promise<PreviewReport> {
  const { againstFile, configFile, inputs, until, services } = options;
  const run = async (file: string) => {
    await useFreshTable(services, `preview-${randomUUID()}`, file);
    return replay({ config: loadConfigFile(file), inputs, until, sesEndpoint: services.endpoints.ses });
  };
  const against = await run(againstFile);
  const changed = await run(configFile);
  return { against, config: changed, diff: countDiff(against, changed) };
}

/** Every count of the two reports that differs, and the derived figures the side-by-side shows. */
export function countDiff(against: ReplayReport, config: ReplayReport): Record<string, [number, number]> {
  const [a, b] = [previewCounts(against), previewCounts(config)];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return Object.fromEntries(keys.flatMap((key) => ((a[key] ?? 0) === (b[key] ?? 0) ? [] : [[key, [a[key] ?? 0, b[key] ?? 0]]])));
}

/** A report's counts plus flags, digests, emails and emails per customer (median, p95, max). */
export function previewCounts(report: ReplayReport): Record<string, number> {
  const perCustomer = [...emailsByCustomer(report).values()].sort((x, y) => x - y);
  return {
    ...report.counts,
    flags: report.flags.length,
    digests: report.digests.length,
    emails: report.emails.length,
    'emailsPerCustomer.median': quantile(perCustomer, 0.5),
    'emailsPerCustomer.p95': quantile(perCustomer, 0.95),
    'emailsPerCustomer.max': perCustomer.at(-1) ?? 0,
  };
}

const emailsByCustomer = (report: ReplayReport): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const e of report.emails) if (e.customerId) counts.set(e.customerId, (counts.get(e.customerId) ?? 0) + 1);
  return counts;
};

/** Nearest-rank quantile of sorted values; 0 without any. */
const quantile = (sorted: readonly number[], q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;

/** One customer's journey in both replays: what they were sent, skipped and flagged, and how much of it changed. */
export interface JourneyChange {
  customerId: string;
  changed: number;
  against: string;
  config: string;
}

/** The customers whose journeys changed most: emails by kind, skips by reason and flags, compared item by item. */
export function changedJourneys(against: ReplayReport, config: ReplayReport, top = 10): JourneyChange[] {
  const [a, b] = [journeys(against), journeys(config)];
  return [...new Set([...a.keys(), ...b.keys()])]
    .map((customerId) => {
      const [x, y] = [a.get(customerId) ?? new Map<string, number>(), b.get(customerId) ?? new Map<string, number>()];
      const changed = [...new Set([...x.keys(), ...y.keys()])].reduce((sum, key) => sum + Math.abs((x.get(key) ?? 0) - (y.get(key) ?? 0)), 0);
      return { customerId, changed, against: describe(x), config: describe(y) };
    })
    .filter((j) => j.changed > 0)
    .sort((p, q) => q.changed - p.changed || p.customerId.localeCompare(q.customerId))
    .slice(0, top);
}

function journeys(report: ReplayReport): Map<string, Map<string, number>> {
  const byCustomer = new Map<string, Map<string, number>>();
  const add = (customerId: string, item: string) => {
    const journey = byCustomer.get(customerId) ?? new Map<string, number>();
    journey.set(item, (journey.get(item) ?? 0) + 1);
    byCustomer.set(customerId, journey);
  };
  for (const e of report.emails) if (e.customerId) add(e.customerId, e.kind);
  for (const s of report.skipped) add(s.customerId, `${s.kind} skipped (${s.reason})`);
  for (const f of report.flags) add(f.customerId, 'flagged');
  return byCustomer;
}

const describe = (journey: Map<string, number>): string =>
  [...journey].sort(([p], [q]) => p.localeCompare(q)).map(([item, n]) => (n > 1 ? `${n}× ${item}` : item)).join(', ') || 'nothing';
