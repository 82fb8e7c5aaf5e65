import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { funnelCharts, funnelHtml } from '../../../infra/local/funnel-report';
import type { ReplayReport } from '../../../infra/local/replay';
import { DetailType } from '../../../shared/contracts/events';
import { flowUplift } from '../../../shared/domain/measure/uplift';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`funnel.browser.test: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);

const event = (detailType: string, time: string, detail: object) => ({ detailType, time, detail });
/** A small replay's report with every chart's kind of event. */
const report: ReplayReport = {
  counts: { inputEvents: 4, firstPurchaseDetected: 2 },
  events: [
    event(DetailType.FirstPurchaseDetected, '2026-03-02T10:00:00Z', { customerId: 'c-1', placedAt: '2026-03-02T10:00:00Z' }),
    event(DetailType.FirstPurchaseDetected, '2026-03-16T10:00:00Z', { customerId: 'c-2', placedAt: '2026-03-16T10:00:00Z' }),
    event(DetailType.CustomerAtRisk, '2026-05-04T04:00:00Z', { customerId: 'c-2', flaggedAt: '2026-05-04T04:00:00.000Z' }),
    event(DetailType.SellerDigestSent, '2026-05-04T08:00:00Z', { sellerId: 's-anna', date: '2026-05-04', customerIds: ['c-2'] }),
    event(DetailType.OutreachSent, '2026-05-07T09:00:00Z', { customerId: 'c-2', kind: 'win-back', sentAt: '2026-05-07T09:00:00.000Z' }),
    event(DetailType.CustomerWonBack, '2026-05-20T09:00:00Z', { customerId: 'c-2', placedAt: '2026-05-20T09:00:00Z' }),
  ],
  emails: [{ to: 'a@example.com', subject: 'Thanks', kind: 'second-sale/thank-you', customerId: 'c-2', sentAt: '2026-03-17T09:00:00Z' }],
  skipped: [{ customerId: 'c-1', kind: 'second-sale/second-order', reason: 'holdout', at: '2026-03-16T10:00:00Z' }],
  undeliverable: [],
  rejected: [],
  failed: [],
  flags: [],
  digests: [],
  wonBack: [],
  sellerActions: [],
  sellerPrecision: [],
  functions: [],
  uplift: [flowUplift('second-sale', { n: 90, converted: 30, revenue: 900 }, { n: 10, converted: 2, revenue: 50 }), flowUplift('win-back', { n: 1, converted: 1, revenue: 20 }, { n: 0, converted: 0, revenue: 0 })],
  suppressions: [{ reason: 'unsubscribe', at: '2026-04-01T10:00:00Z' }],
  simulated: { uplift: 0.2, seed: '1', orders: 3 },
};

describe.skipIf(!hasChromium)('the funnel report page in a real browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart with the inlined library, needs no network and keeps the console clean', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'funnel-')), 'index.html');
    writeFileSync(file, funnelHtml(report));
    const page = await browser.newPage();
    const messages: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      messages.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith('file:')) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });

    await page.goto(`file://${file}`, { waitUntil: 'load' });

    // String expressions: the repo compiles without DOM types.
    const drawn = await page.evaluate<{ id: string; painted: number; datasets: number; points: number }[]>(`[...document.querySelectorAll('canvas[data-chart]')].map((c) => {
      const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
      const chart = Chart.getChart(c);
      return { id: c.id, painted, datasets: chart ? chart.data.datasets.length : 0, points: chart ? chart.data.labels.length : 0 };
    })`);
    expect(drawn.map((c) => c.id)).toEqual(funnelCharts(report).map((c) => c.id));
    expect(drawn).toHaveLength(6);
    for (const chart of drawn) {
      expect(chart.datasets, chart.id).toBeGreaterThan(0);
      expect(chart.points, chart.id).toBeGreaterThan(0);
      expect(chart.painted, chart.id).toBeGreaterThan(1000);
    }
    expect(await page.evaluate<number>('window.chartsDrawn')).toBe(6);
    expect(await page.getByText('Simulated uplift: P = 0.2').count()).toBe(1);
    expect(messages).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('the funnel charts', () => {
  it('count first purchases per week, quiet weeks as zero, and the at-risk stages per week', () => {
    const [firsts, rate, funnel] = funnelCharts(report);
    expect(firsts!.config.data.labels).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(firsts!.config.data.datasets[0]!.data).toEqual([1, 0, 1]);
    expect(rate!.config.data.labels).toEqual(['mailed (n = 90)', 'held out (n = 10)']);
    expect(funnel!.config.data.labels).toEqual(['2026-05-04', '2026-05-11', '2026-05-18']);
    expect(funnel!.config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['flagged', [1, 0, 0]],
      ['shown to the seller', [1, 0, 0]],
      ['win-back sent', [1, 0, 0]],
      ['won back', [0, 0, 1]],
    ]);
  });
});
