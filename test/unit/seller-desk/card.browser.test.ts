import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionForms, cardPage } from '../../../functions/seller-desk/customer-card';
import type { CardFacts } from '../../../functions/seller-desk/card-facts';
import type { CustomerProfile } from '../../../shared/domain/purchase';
import { HOSTILE_NAME } from '../../../shared/email/samples';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const WIDTHS = [375, 1024] as const;

if (!hasChromium) console.warn(`card.browser.test: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);

const FLAGGED_AT = '2026-04-13T04:00:00.000Z';

/** A B2B buyer of two years with a hostile name and long item names: what stretches a small screen. */
const profile: CustomerProfile = {
  customerId: 'cust-1042',
  email: 'purchasing.department.very.long.address@brandt-buero-und-partner.example.com',
  name: HOSTILE_NAME,
  company: `Brandt Büro GmbH ${HOSTILE_NAME}`,
  phone: '+49 30 555 0199',
  marketingConsent: true,
  contactAsOf: '2026-01-05T10:00:00.000Z',
  orders: {},
  totals: {},
  currency: 'EUR',
  riskFlag: { flaggedAt: FLAGGED_AT, lastOrderId: 'o-24', lastOrderAt: '2026-01-05T10:00:00.000Z', sellerId: 's-anna', score: 0.81 },
  pastFlags: [{ flaggedAt: '2025-06-02T04:00:00.000Z', score: 0.7, endedAt: '2025-06-20T09:00:00.000Z', ended: 'came-back' }],
  version: 7,
};

const facts: CardFacts = {
  orders: Array.from({ length: 20 }, (_, i) => ({
    orderId: `o-${24 - i}`,
    placedAt: new Date(Date.parse('2026-01-05T10:00:00Z') - i * 30 * 86_400_000).toISOString(),
    cancelled: i === 3,
    total: 1240.5 - i * 10,
    currency: 'EUR',
    items: [
      { name: 'Ergonomic office chair with adjustable lumbar support and armrests, anthracite', quantity: 4 },
      { name: 'A4 copy paper 80 g/m², 5 × 500 sheets', quantity: 20 },
    ],
  })),
  gapsDays: [28, 31, 30, 29, 35, 27, 30, 31, 33, 28, 30, 29, 31, 30, 32, 29, 30, 28, 100],
  emails: [
    { kind: 'win-back', status: 'queued', at: '2026-04-16T04:00:00.000Z' },
    { kind: 'upserve/replenish', status: 'skipped', at: '2025-12-01T09:00:00.000Z', reason: 'frequency-cap' },
    { kind: 'second-sale/thank-you', status: 'sent', at: '2024-03-03T09:00:00.000Z' },
  ],
  suppressed: false,
  risk: { points: Array.from({ length: 24 }, (_, i) => ({ at: new Date(Date.parse('2024-03-02T00:00:00Z') + i * 33 * 86_400_000).toISOString(), score: Math.min(0.95, 0.1 + i * 0.03) })), threshold: 0.64 },
};

const html = cardPage(profile, facts, actionForms({ sellerId: 's-anna', customerId: profile.customerId, flaggedAt: FLAGGED_AT, expiresAt: '2026-05-13T06:00:00.000Z' }, profile.riskFlag!)).body;

describe.skipIf(!hasChromium)('the customer card in a real browser', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    page = await browser.newPage({ javaScriptEnabled: true });
    // The card is self-contained: any request would be a leak of the seller's view.
    await page.route('**/*', (route) => route.abort());
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.each(WIDTHS)('fits %i px without horizontal scrolling, shows how to reach them and every action, runs no script', async (width) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.setViewportSize({ width, height: 900 });
    await page.setContent(html, { waitUntil: 'load' });

    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
    expect(await page.getByRole('link', { name: profile.email }).getAttribute('href')).toBe(`mailto:${profile.email}`);
    expect(await page.getByRole('link', { name: '+49 30 555 0199' }).getAttribute('href')).toBe('tel:+49305550199');
    for (const action of ["I'll reach out", 'Send the win-back now', 'Not at risk', 'Lost']) {
      const button = page.getByRole('button', { name: action });
      expect(await button.isVisible(), action).toBe(true);
      const box = await button.boundingBox();
      expect(box!.x + box!.width, `${action} inside the screen`).toBeLessThanOrEqual(width);
    }
    for (const chart of ['Days between orders', 'At-risk score over time']) {
      const box = await page.getByRole('img', { name: chart }).boundingBox();
      expect(box!.width, chart).toBeGreaterThan(width / 2);
    }
    // The hostile name is shown as text, never run.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(HOSTILE_NAME);
    expect(dialogs).toEqual([]);
  });
});
