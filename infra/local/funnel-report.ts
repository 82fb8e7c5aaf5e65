import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DetailType, type CustomerAtRisk, type CustomerWonBack, type FirstPurchaseDetected, type OutreachSent, type SellerDigestSent } from '../../shared/contracts/events';
import { revenuePerRecipient, wilson, type FlowUplift } from '../../shared/domain/measure/uplift';
import type { ReplayReport } from './replay';

/** The browser build of the charting library, inlined so the page needs no network. */
const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

/** One chart of the page: its title, a sentence on how to read it, and the chart.js configuration. */
export interface ChartSpec {
  id: string;
  title: string;
  note: string;
  config: { type: 'bar' | 'line'; data: { labels: string[]; datasets: Record<string, unknown>[] }; options?: Record<string, unknown> };
}

/** Monday of the ISO week of an instant, `YYYY-MM-DD` (UTC). */
export function weekOf(iso: string): string {
  const day = new Date(Date.parse(iso));
  day.setUTCHours(0, 0, 0, 0);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

const detailsOf = <T>(report: ReplayReport, detailType: string): T[] => report.events.filter((e) => e.detailType === detailType).map((e) => e.detail as T);

const countBy = (keys: readonly string[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
};

/** Every week from the first to the last of the given weeks, so quiet weeks show as zero. */
function weekRange(weeks: readonly string[]): string[] {
  const sorted = [...weeks].sort();
  if (sorted.length === 0) return [];
  const all: string[] = [];
  for (let t = Date.parse(sorted[0]!); t <= Date.parse(sorted.at(-1)!); t += 7 * 86_400_000) all.push(new Date(t).toISOString().slice(0, 10));
  return all;
}

const bars = (title: string, label: string, counts: Map<string, number>, note: string, id: string): ChartSpec => {
  const entries = [...counts].sort((a, b) => b[1] - a[1]);
  return { id, title, note, config: { type: 'bar', data: { labels: entries.map(([k]) => k), datasets: [{ label, data: entries.map(([, n]) => n) }] }, options: { indexAxis: 'y' } } };
};

/** The rates of one flow's two groups with their 95% Wilson intervals, and the difference with Newcombe's. */
function rateChart(u: FlowUplift | undefined): ChartSpec {
  const groups = u ? [['mailed', u.mailed], ['held out', u.holdout]] as const : [];
  const interval = (k: number, n: number) => (n > 0 ? wilson(k, n) : [0, 0]);
  const ci = u?.ci ? `uplift ${pct(u.uplift)} (95% CI ${pct(u.ci[0])} to ${pct(u.ci[1])}), smallest detectable ${pct(u.minDetectable)}` : 'no holdout yet: no interval';
  return {
    id: 'second-order-rate',
    title: 'Second-order rate: mailed vs held out',
    note: `Customers due the second-order invitation who ordered within the attribution window; bars are the rates, whiskers their 95% intervals; ${ci}.`,
    config: {
      type: 'bar',
      data: {
        labels: groups.map(([name, g]) => `${name} (n = ${g.n})`),
        datasets: [
          { label: 'rate', data: groups.map(([, g]) => (g.n > 0 ? g.converted / g.n : 0)) },
          { label: '95% interval', data: groups.map(([, g]) => interval(g.converted, g.n)), barPercentage: 0.15 },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { beginAtZero: true } } },
    },
  };
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`);

/** Flagged → shown to the seller → win-back sent → won back, per week. */
function atRiskFunnel(report: ReplayReport): ChartSpec {
  const stages: [string, string[]][] = [
    ['flagged', detailsOf<CustomerAtRisk>(report, DetailType.CustomerAtRisk).map((d) => weekOf(d.flaggedAt))],
    ['shown to the seller', detailsOf<SellerDigestSent>(report, DetailType.SellerDigestSent).flatMap((d) => d.customerIds.map(() => weekOf(`${d.date}T12:00:00Z`)))],
    ['win-back sent', detailsOf<OutreachSent>(report, DetailType.OutreachSent).filter((d) => d.kind === 'win-back').map((d) => weekOf(d.sentAt))],
    ['won back', detailsOf<CustomerWonBack>(report, DetailType.CustomerWonBack).map((d) => weekOf(d.placedAt))],
  ];
  const weeks = weekRange(stages.flatMap(([, w]) => w));
  return {
    id: 'at-risk-funnel',
    title: 'At-risk funnel per week',
    note: 'Customers flagged at risk, listed in their seller’s digest, sent the win-back email, and won back (ordered again), by week.',
    config: {
      type: 'line',
      data: { labels: weeks, datasets: stages.map(([label, w]) => { const c = countBy(w); return { label, data: weeks.map((week) => c.get(week) ?? 0) }; }) },
    },
  };
}

/** The page's charts, computed from the replay report. */
export function funnelCharts(report: ReplayReport): ChartSpec[] {
  const firsts = countBy(detailsOf<FirstPurchaseDetected>(report, DetailType.FirstPurchaseDetected).map((d) => weekOf(d.placedAt)));
  const weeks = weekRange([...firsts.keys()]);
  const suppressions = countBy(report.suppressions.map((s) => s.reason));
  return [
    {
      id: 'first-purchases',
      title: 'First purchases per week',
      note: 'Customers whose first order was placed that week (detected once per customer).',
      config: { type: 'bar', data: { labels: weeks, datasets: [{ label: 'first purchases', data: weeks.map((w) => firsts.get(w) ?? 0) }] } },
    },
    rateChart(report.uplift.find((u) => u.flow === 'second-sale')),
    atRiskFunnel(report),
    bars('Emails by kind', 'emails', countBy(report.emails.map((e) => e.kind)), 'Every email sent: customers’ outreach by kind and sellers’ digests.', 'emails-by-kind'),
    bars('Skipped steps by reason', 'steps', countBy(report.skipped.map((s) => s.reason)), 'Queued emails that were never sent, and why (holdout is the comparison group).', 'skips-by-reason'),
    bars('Suppressions by reason', 'addresses', suppressions.size ? suppressions : new Map([['none', 0]]), 'Addresses that get no more marketing mail: unsubscribes, permanent bounces, complaints.', 'suppressions'),
  ];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON that is safe inside a script element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The replay's funnel report: one self-contained HTML page, the charting library inlined, no network needed. */
export function funnelHtml(report: ReplayReport): string {
  const charts = funnelCharts(report);
  const simulated = report.simulated ? `<p class="simulated">Simulated uplift: P = ${report.simulated.uplift}, seed ${escapeHtml(report.simulated.seed)}, ${report.simulated.orders} simulated orders. These conversions are not real.</p>` : '';
  const upliftRows = report.uplift
    .map((u) => `<tr><td>${u.flow}</td><td>${u.mailed.n}</td><td>${pct(u.rateMailed)}</td><td>${u.holdout.n}</td><td>${pct(u.rateHoldout)}</td><td>${pct(u.uplift)}</td><td>${u.ci ? `${pct(u.ci[0])} to ${pct(u.ci[1])}` : 'n/a'}</td><td>${pct(u.minDetectable)}</td><td>${[u.mailed, u.holdout].map((g) => revenuePerRecipient(g)?.toFixed(2) ?? 'n/a').join(' / ')}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Loyalty funnel report</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}section{margin:2rem 0}canvas{max-height:22rem}
table{border-collapse:collapse}td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}.note{color:#555}.simulated{background:#fff3cd;padding:.5rem}</style>
</head><body>
<h1>Loyalty funnel report</h1>
<p class="note">${report.counts.inputEvents ?? 0} input events replayed; ${report.counts.firstPurchaseDetected ?? 0} first purchases; ${report.emails.length} emails.</p>
${simulated}
<section><h2>Uplift per flow</h2><table><tr><th>flow</th><th>mailed</th><th>rate</th><th>held out</th><th>rate</th><th>uplift</th><th>95% CI (Newcombe)</th><th>min. detectable</th><th>revenue per recipient (mailed / held out)</th></tr>${upliftRows}</table></section>
${charts.map((c) => `<section><h2>${escapeHtml(c.title)}</h2><p class="note">${escapeHtml(c.note)}</p><canvas id="${c.id}" data-chart></canvas></section>`).join('\n')}
<script>${readFileSync(CHART_JS, 'utf8')}</script>
<script>
const charts = ${scriptJson(charts)};
window.chartsDrawn = 0;
for (const c of charts) {
  c.config.options = Object.assign({ animation: false, responsive: true, plugins: { legend: { display: c.config.data.datasets.length > 1 } } }, c.config.options);
  new Chart(document.getElementById(c.id), c.config);
  window.chartsDrawn++;
}
</script>
</body></html>
`;
}
