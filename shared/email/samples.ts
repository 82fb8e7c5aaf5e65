import { renderEmail } from './render';
import type { AtRiskCustomer, Brand, EmailData, EmailKind, RenderedEmail } from './types';

/** Realistic data for one email, used by the previews and the tests. */
export type EmailSample = {
  [K in EmailKind]: {
    /** File-safe id, also the preview's file name. */
    id: string;
    kind: K;
    data: EmailData[K];
    /** Text a reader must see in the rendered email. */
    keyText: string[];
  };
}[EmailKind];

/** A name a shop could send us that must stay text, never markup. */
export const HOSTILE_NAME = '<script>alert(1)</script>';

/** The sample shop. */
export const sampleBrand: Brand = {
  name: 'Hearth & Bean',
  url: 'https://hearthandbean.example',
  helpUrl: 'https://hearthandbean.example/help',
  postalAddress: 'Hearth & Bean GmbH · Lindenstraße 12 · 10969 Berlin',
};

const unsubscribeUrl = (customerId: string): string =>
  `https://hearthandbean.example/unsubscribe?c=${customerId}&token=3f9a1c`;

const thankYou: EmailData['second-sale/thank-you'] = {
  brand: sampleBrand,
  customerName: 'Ana María López',
  locale: 'en-GB',
  timeZone: 'Europe/Madrid',
  unsubscribeUrl: unsubscribeUrl('cust-1042'),
  order: {
    placedAt: '2026-03-02T18:45:00+01:00',
    items: [
      { name: 'Stovetop moka pot, 6 cups', quantity: 1 },
      { name: 'House blend, whole beans 500 g', quantity: 2 },
    ],
    total: { amount: 64.8, currency: 'EUR' },
  },
  deliveryNote: 'Your parcel left our roastery today and usually arrives within 2–3 working days.',
  tips: [
    { title: 'Grind a little coarser than espresso', body: 'Fine powder clogs the moka filter and tastes bitter; aim for table salt.' },
    { title: 'Start with hot water', body: 'Filling the base with just-boiled water keeps the coffee from cooking on the stove.' },
    { title: 'Rinse, never scrub', body: 'Warm water and a soft cloth keep the aluminium seasoned; skip the dishwasher.' },
  ],
};

const secondOrder: EmailData['second-sale/second-order'] = {
  brand: sampleBrand,
  customerName: 'Jonas Weber',
  locale: 'en-US',
  timeZone: 'America/New_York',
  unsubscribeUrl: unsubscribeUrl('cust-2077'),
  order: {
    placedAt: '2026-04-10T09:12:00-04:00',
    items: [{ name: 'Pour-over starter kit', quantity: 1 }],
    total: { amount: 49, currency: 'USD' },
  },
};

const suggestions: EmailData['upserve/suggestions'] = {
  brand: sampleBrand,
  customerName: 'Ana María López',
  locale: 'en-GB',
  unsubscribeUrl: unsubscribeUrl('cust-1042'),
  suggestions: [
    {
      title: 'Rinse the moka pot, never scrub it',
      reason: 'You bought the stovetop moka pot. A little care keeps it working like new.',
      body: 'Rinse it with hot water and let it dry open. Soap and scouring strip the coffee oils that keep the aluminium from tasting metallic.',
    },
    {
      title: 'Spare moka gasket and filter',
      reason:
        'You bought the stovetop moka pot. Customers who use the stovetop moka pot often pair it with Spare moka gasket and filter, because the rubber seal hardens after a year of daily use and a fresh one stops leaks.',
      link: { url: 'https://hearthandbean.example/p/moka-gasket', label: 'Have a look at Spare moka gasket and filter' },
    },
    {
      title: 'Airtight bean canister',
      reason: 'You bought the house blend. 31% of customers who bought it also bought Airtight bean canister.',
      link: { url: 'https://hearthandbean.example/p/canister', label: 'Have a look at Airtight bean canister' },
    },
  ],
};

const replenish: EmailData['upserve/replenish'] = {
  brand: sampleBrand,
  customerName: 'Priya Natarajan',
  locale: 'en-IE',
  timeZone: 'Europe/Dublin',
  unsubscribeUrl: unsubscribeUrl('cust-3310'),
  item: { name: 'Descaling tablets (12)', reorderUrl: 'https://hearthandbean.example/reorder/descaler?c=cust-3310' },
  purchasedAt: '2026-01-15T14:00:00Z',
  lastsAboutDays: 90,
};

const winBack: EmailData['win-back'] = {
  brand: sampleBrand,
  customerName: 'Sofia Rossi',
  locale: 'en-GB',
  timeZone: 'Europe/Rome',
  unsubscribeUrl: unsubscribeUrl('cust-0815'),
  lastOrder: {
    placedAt: '2026-02-14T11:30:00+01:00',
    items: [{ name: 'Decaf, whole beans 500 g', quantity: 2 }],
    total: { amount: 31.6, currency: 'EUR' },
  },
};

/** The seller page's links for a sample customer (the tokens are placeholders: samples are never served). */
const sellerLinks = (customerId: string): NonNullable<AtRiskCustomer['links']> => {
  const at = (action: string) => `https://desk.example.com/?t=sample-${customerId}-${action}`;
  return { card: at('card'), reachOut: at('reach-out'), sendNow: at('send-win-back-now'), notAtRisk: at('not-at-risk'), lost: at('lost') };
};

const digest: EmailData['seller-digest'] = {
  brand: sampleBrand,
  sellerName: 'Marta Jansen',
  locale: 'en-GB',
  timeZone: 'Europe/Berlin',
  date: '2026-05-11T06:00:00+02:00',
  // Deliberately not in value order: the digest ranks them.
  atRisk: [
    {
      customerName: 'Sofia Rossi',
      lastOrder: { placedAt: '2026-02-14T11:30:00+01:00', summary: '2 × Decaf, whole beans 500 g' },
      rhythmDays: 35,
      daysSilent: 86,
      value: { amount: 412, currency: 'EUR' },
      valueAtStake: { amount: 260, currency: 'EUR' },
      nextStep: 'Send a personal note and ask whether the decaf still suits her.',
      contact: { email: 'sofia.rossi@example.com', phone: '+39 06 1234 5678' },
      links: sellerLinks('cust-2077'),
    },
    {
      customerName: 'Lukas Brandt',
      lastOrder: { placedAt: '2026-03-20T16:05:00+01:00', summary: 'Grinder burr set, House espresso 1 kg' },
      rhythmDays: 28,
      daysSilent: 52,
      value: { amount: 1240.5, currency: 'EUR' },
      valueAtStake: { amount: 180, currency: 'EUR' },
      nextStep: 'Call him: he asked about grinder settings with his last order.',
      contact: { email: 'lukas@brandt-buero.example', phone: '+49 30 555 0199', company: 'Brandt Büro GmbH' },
      links: sellerLinks('cust-1042'),
    },
    {
      customerName: HOSTILE_NAME,
      lastOrder: { placedAt: '2026-03-01T10:00:00+01:00', summary: 'Pour-over starter kit' },
      rhythmDays: 40,
      daysSilent: 71,
      value: { amount: 96, currency: 'EUR' },
      valueAtStake: { amount: 40, currency: 'EUR' },
      nextStep: 'Check that the kit arrived complete.',
    },
  ],
  activity: { days: 30, reachedOut: 3, orderedSince: 1, sentNow: 0, notAtRisk: 1, lost: 0 },
  cameBack: [
    { customerName: 'Jonas Weber', orderedAt: '2026-05-09T19:20:00+02:00', orderTotal: { amount: 38.9, currency: 'EUR' } },
    { customerName: 'Elif Yılmaz', orderedAt: '2026-05-10T08:02:00+02:00', orderTotal: { amount: 112, currency: 'EUR' } },
  ],
};

/** One sample per kind, plus the variants worth looking at (hostile input, an all-quiet digest). */
export const emailSamples: EmailSample[] = [
  {
    id: 'second-sale-thank-you',
    kind: 'second-sale/thank-you',
    data: thankYou,
    keyText: ['Thank you, Ana!', 'Stovetop moka pot, 6 cups', 'Grind a little coarser than espresso', 'Unsubscribe'],
  },
  {
    id: 'second-sale-thank-you-hostile',
    kind: 'second-sale/thank-you',
    data: {
      ...thankYou,
      customerName: HOSTILE_NAME,
      order: { ...thankYou.order, items: [{ name: '<img src=x onerror=alert(2)> Moka pot', quantity: 1 }] },
      tips: [],
    },
    keyText: [`Thank you, ${HOSTILE_NAME}!`, '<img src=x onerror=alert(2)> Moka pot', 'Unsubscribe'],
  },
  {
    id: 'second-sale-second-order',
    kind: 'second-sale/second-order',
    data: secondOrder,
    keyText: ['Hi Jonas,', 'Pour-over starter kit', 'April 10, 2026', 'Visit Hearth & Bean', 'Unsubscribe'],
  },
  {
    id: 'upserve-suggestions',
    kind: 'upserve/suggestions',
    data: suggestions,
    keyText: [
      'Hi Ana,',
      'You bought the stovetop moka pot. Customers who use the stovetop moka pot often pair it with Spare moka gasket and filter, because',
      'Rinse it with hot water and let it dry open.',
      'Airtight bean canister',
      'Unsubscribe',
    ],
  },
  {
    id: 'upserve-replenish',
    kind: 'upserve/replenish',
    data: replenish,
    keyText: ['Hi Priya,', 'Descaling tablets (12)', '15 January 2026', 'about 3 months', 'Unsubscribe'],
  },
  {
    id: 'win-back',
    kind: 'win-back',
    data: winBack,
    keyText: ['Hi Sofia,', 'Decaf, whole beans 500 g', '14 February 2026', 'Unsubscribe'],
  },
  {
    id: 'seller-digest',
    kind: 'seller-digest',
    data: digest,
    keyText: [
      'Hi Marta,',
      '1. Sofia Rossi',
      '€1,240.50',
      'every ~4 weeks',
      'silent for 52 days',
      HOSTILE_NAME,
      'Came back (2)',
      'Elif Yılmaz',
    ],
  },
  {
    id: 'seller-digest-all-quiet',
    kind: 'seller-digest',
    data: { ...digest, atRisk: [], cameBack: [] },
    keyText: ['Hi Marta,', 'All quiet', 'Nothing needs your attention today.'],
  },
];

/** Renders one sample. */
export function renderSample(sample: EmailSample): RenderedEmail {
  // Each sample pairs its kind with that kind's data; TypeScript cannot follow the pairing through the union.
  return renderEmail(sample.kind, sample.data as never);
}
