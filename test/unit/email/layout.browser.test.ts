import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailSamples, renderSample } from '../../../shared/email/samples';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const WIDTHS = [375, 600] as const;

if (!hasChromium) {
  console.warn(`layout.browser.test: skipped, ${CHROMIUM} is missing (apt-get install -y chromium)`);
}

describe.skipIf(!hasChromium)('email layout in a real browser', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // One page for every render: a new context per check would triple the run time.
    page = await browser.newPage({ javaScriptEnabled: true });
    // Emails must not load anything; a request here would be a tracking pixel or a broken image.
    await page.route('**/*', (route) => route.abort());
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
  });

  const cases = emailSamples.flatMap((sample) => WIDTHS.map((width) => [sample.id, width, sample] as const));

  it.each(cases)('%s fits %i px without horizontal scrolling and shows its key text', async (_id, width, sample) => {
    const dialogs: string[] = [];
    const onDialog = (dialog: { message(): string; dismiss(): Promise<void> }): void => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    };
    page.on('dialog', onDialog);
    await page.setViewportSize({ width, height: 800 });
    await page.setContent(renderSample(sample).html, { waitUntil: 'load' });

    // A string expression: the repo compiles without DOM types.
    const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(width);
    for (const text of sample.keyText) {
      // The hidden preheader repeats some phrases, so ask for a visible match, not the first one.
      const visible = await page.getByText(text).filter({ visible: true }).count();
      expect(visible, `visible "${text}"`).toBeGreaterThan(0);
    }
    page.off('dialog', onDialog);
    // A hostile name must stay text: no script of ours or theirs may run.
    expect(dialogs).toEqual([]);
  });
});
