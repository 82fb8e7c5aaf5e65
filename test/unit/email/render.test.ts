import { describe, expect, it } from 'vitest';
import {
  EMAIL_KINDS,
  EmailDataError,
  MARKETING_KINDS,
  firstName,
  isMarketingKind,
  formatDate,
  formatMoney,
  formatRhythm,
  renderEmail,
  type EmailData,
  type EmailKind,
  type RenderedEmail,
} from '../../../shared/email/render';
import { HOSTILE_NAME, emailSamples, renderSample } from '../../../shared/email/samples';

const render = (sampleId: string): RenderedEmail => {
  const sample = emailSamples.find((s) => s.id === sampleId);
  if (!sample) throw new Error(`no sample ${sampleId}`);
  return renderSample(sample);
};

const firstSampleOf = <K extends EmailKind>(kind: K): EmailData[K] =>
  emailSamples.find((s) => s.kind === kind)?.data as EmailData[K];

describe('renderEmail', () => {
  it('has a sample for every kind', () => {
    expect(new Set(emailSamples.map((s) => s.kind))).toEqual(new Set(EMAIL_KINDS));
  });

  it.each([
    ['second-sale-thank-you', 'Thanks for your order, Ana'],
    ['second-sale-second-order', 'How are you getting on, Jonas?'],
    ['upserve-suggestions', 'A few ideas for you, Ana'],
    ['upserve-replenish', 'Priya, running low on Descaling tablets (12)?'],
    ['win-back', 'We miss you, Sofia'],
    ['seller-digest', '3 customers to check in with today'],
    ['seller-digest-all-quiet', 'All quiet today, Marta'],
  ])('gives %s a short, human subject', (id, subject) => {
    expect(render(id).subject).toBe(subject);
  });

  it('drops the name from subject and greeting when the customer has none', () => {
    const email = renderEmail('win-back', { ...firstSampleOf('win-back'), customerName: undefined });
    expect(email.subject).toBe('We miss you');
    expect(email.text).toMatch(/^Hi there,/);
  });

  it('keeps a hostile name as text in the HTML and as-is in the plain parts', () => {
    const email = render('second-sale-thank-you-hostile');
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('Thank you, &lt;script&gt;alert(1)&lt;/script&gt;!');
    expect(email.text).toContain(`Thank you, ${HOSTILE_NAME}!`);
    expect(email.subject).toBe(`Thanks for your order, ${HOSTILE_NAME}`);
  });

  it('escapes customer names in the seller digest too', () => {
    const { html } = render('seller-digest');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps a subject on one line whatever the name holds', () => {
    const data = { ...firstSampleOf('win-back'), customerName: 'Ana\r\nBcc: x@example.com' };
    expect(renderEmail('win-back', data).subject).toBe('We miss you, Ana');
  });

  it.each(emailSamples.map((s) => [s.id, s] as const))('%s has a text part with the key text', (_id, sample) => {
    const { text, html } = renderSample(sample);
    expect(text).not.toMatch(/<\/?(p|div|a|table)\b/);
    // The text part shouts headings in capitals where the HTML uses a heading style.
    const words = text.replace(/\s+/g, ' ').toLowerCase();
    for (const key of sample.keyText.filter((k) => k !== 'Unsubscribe')) {
      expect(words).toContain(key.toLowerCase());
    }
    expect(html).toContain('</html>');
  });

  it.each(MARKETING_KINDS.map((k) => [k]))('%s shows the unsubscribe link in HTML and text', (kind) => {
    const data = firstSampleOf(kind);
    const { html, text } = renderEmail(kind, data as never);
    const escapedUrl = data.unsubscribeUrl.replaceAll('&', '&amp;').replaceAll('=', '&#x3D;');
    expect(html).toContain(`<a href="${escapedUrl}">Unsubscribe</a>`);
    expect(text).toContain(`Unsubscribe with one click: ${data.unsubscribeUrl}`);
  });

  it('has no unsubscribe link in the seller digest, which is transactional', () => {
    expect(EMAIL_KINDS.filter((kind) => !isMarketingKind(kind))).toEqual(['seller-digest']);
    for (const id of ['seller-digest', 'seller-digest-all-quiet']) {
      const { html, text } = render(id);
      expect(html.toLowerCase()).not.toContain('unsubscribe');
      expect(text.toLowerCase()).not.toContain('unsubscribe');
    }
  });

  it('ranks the digest by value at stake, not spend, and shows rhythm, silence and next step', () => {
    const { text } = render('seller-digest');
    const order = ['Sofia Rossi', 'Lukas Brandt', HOSTILE_NAME].map((name) => text.indexOf(name));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain('1. Sofia Rossi (€260.00 at stake; spent €412.00)');
    expect(text).toContain('Usually orders every ~5 weeks, silent for 86 days');
    expect(text).toContain('Next step: Call him');
    expect(text).toContain('- Elif Yılmaz ordered again on 10 May 2026 (€112.00)');
  });

  it("sets each customer of the digest's text apart, with how to reach them and their links", () => {
    const { text } = render('seller-digest');
    expect(text).toContain('marked 1 not at risk.\n\nNEWLY AT RISK (3)');
    expect(text).toContain('   Reach: Brandt Büro GmbH, lukas@brandt-buero.example, +49 30 555 0199\n   Card: ');
    expect(text).toMatch(/Lost: \S+-cust-2077-lost\n\n2\. Lukas Brandt/);
    expect(text).toMatch(/Lost: \S+-cust-1042-lost\n\n3\. /);
  });

  it('says "one order so far" for a customer without a rhythm yet', () => {
    const sample = firstSampleOf('seller-digest');
    const [first] = sample.atRisk;
    const { text } = renderEmail('seller-digest', { ...sample, atRisk: [{ ...first!, rhythmDays: undefined, daysSilent: 100 }] });
    expect(text).toContain('One order so far, silent for 100 days');
    expect(text).not.toContain('Usually orders');
  });

  it('renders the all-quiet digest without empty sections', () => {
    const { html, text } = render('seller-digest-all-quiet');
    expect(text).toContain('ALL QUIET');
    expect(text).not.toContain('NEWLY AT RISK');
    expect(html).not.toContain('Came back (');
  });

  it('says when nobody is newly at risk but someone came back', () => {
    const email = renderEmail('seller-digest', { ...firstSampleOf('seller-digest'), atRisk: [] });
    expect(email.subject).toBe('Good news: 2 customers came back');
    expect(email.text).toContain('No customer newly went quiet today.');
    expect(email.text).toContain('Jonas Weber ordered again');
  });

  it('shows each suggestion with its reason, a tip with its text, a product with its link', () => {
    const { html, text } = render('upserve-suggestions');
    expect(html).toContain(
      'You bought the stovetop moka pot. Customers who use the stovetop moka pot often pair it with Spare moka gasket and filter, because the rubber seal hardens after a year of daily use and a fresh one stops leaks.',
    );
    expect(html).toContain('You bought the house blend. 31% of customers who bought it also bought Airtight bean canister.');
    expect(html).toContain('<a href="https://hearthandbean.example/p/canister">Have a look at Airtight bean canister</a>');
    expect(text).toContain('Rinse it with hot water and let it dry open.');
    // A tip has no link: no empty anchor is rendered for it.
    expect(html).not.toContain('href=""');
  });

  it('refuses a suggestions email with no suggestion or more than three', () => {
    const data = firstSampleOf('upserve/suggestions');
    const [one] = data.suggestions;
    expect(() => renderEmail('upserve/suggestions', { ...data, suggestions: [] })).toThrow(EmailDataError);
    expect(() => renderEmail('upserve/suggestions', { ...data, suggestions: Array(4).fill(one) })).toThrow(
      /expected 1 to 3, got 4/,
    );
  });

  it('formats dates and money in the customer locale and time zone', () => {
    const data = {
      ...firstSampleOf('win-back'),
      locale: 'en-US',
      timeZone: 'America/Los_Angeles',
      // 02:00 UTC on 15 Feb is still the 14th in California.
      lastOrder: { ...firstSampleOf('win-back').lastOrder, placedAt: '2026-02-15T02:00:00Z' },
    };
    expect(renderEmail('win-back', data).text).toContain('on February 14, 2026');
  });
});

describe('formatting helpers', () => {
  it.each([
    ['Ana María López', 'Ana'],
    ['  jonas  ', 'jonas'],
    ['López, Ana', 'Ana'],
    ['', undefined],
    [undefined, undefined],
  ])('firstName(%j) is %j', (full, first) => {
    expect(firstName(full)).toBe(first);
  });

  it('formats money with its currency in the locale', () => {
    // Intl puts a no-break space before the euro sign.
    expect(formatMoney({ amount: 1234.5, currency: 'EUR' }, { locale: 'de-DE' })).toBe('1.234,50\u00a0€');
    expect(formatMoney({ amount: 49, currency: 'USD' }, { locale: 'en-US' })).toBe('$49.00');
  });

  it('falls back to English and UTC for an unknown locale or time zone', () => {
    expect(formatDate('2026-03-02T23:30:00Z', { locale: 'not a locale!', timeZone: 'Mars/Olympus' })).toBe(
      'March 2, 2026',
    );
    expect(formatDate('2026-03-02T23:30:00Z', { locale: 'en-GB', timeZone: 'Europe/Berlin' })).toBe('3 March 2026');
  });

  it.each([
    [10, 'every ~10 days'],
    [35, 'every ~5 weeks'],
    [91, 'every ~3 months'],
  ])('describes a %d-day rhythm as %s', (days, words) => {
    expect(formatRhythm(days)).toBe(words);
  });
});
