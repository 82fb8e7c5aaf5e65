import { describe, expect, it } from 'vitest';
import { decideDelivery, endOfQuietHours, frequencyCapUntil, planSecondSale, planWinBack, type DeliveryFacts, type RespectRules } from '../../shared/domain/outreach';
import { stepSk } from '../../shared/adapters/dynamodb/keys';
import { localParts } from '../../shared/domain/local-time';
import type { CustomerProfile } from '../../shared/domain/purchase';
import { addDays } from '../../shared/domain/time';

const QUIET = { start: '21:00', end: '08:00' };
const rules: RespectRules = { frequencyCap: { maxEmails: 1, perDays: 3 }, quietHours: QUIET, defaultTimeZone: 'America/New_York' };
const FIRST_AT = '2026-03-02T10:00:00.000Z';

const profile = (overrides: Partial<CustomerProfile> = {}): CustomerProfile => ({
  customerId: 'c-1',
  email: 'ana@example.com',
  timeZone: 'Europe/Lisbon',
  marketingConsent: true,
  contactAsOf: FIRST_AT,
  orders: { 'o-1': FIRST_AT },
  totals: { 'o-1': 42.5 },
  currency: 'EUR',
  firstPurchase: { orderId: 'o-1', placedAt: FIRST_AT },
  version: 1,
  ...overrides,
});

const steps = [
  { id: 'thank-you', delayDays: 1, enabled: true },
  { id: 'second-order', delayDays: 14, enabled: true },
];
const [thankYou] = planSecondSale(steps, { customerId: 'c-1', orderId: 'o-1', placedAt: FIRST_AT }, {}, FIRST_AT);

const MIDDAY_LISBON = '2026-03-03T12:00:00.000Z';
const facts = (overrides: Partial<DeliveryFacts> = {}): DeliveryFacts => ({ step: thankYou!, profile: profile(), suppressed: false, recentSends: [], now: MIDDAY_LISBON, rules, ...overrides });

describe('planSecondSale', () => {
  it('queues the enabled steps, due their delay after the order, each under a stable key', () => {
    const planned = planSecondSale(
      [...steps, { id: 'second-order', delayDays: 30, enabled: false }],
      { customerId: 'c-1', sellerId: 's-anna', orderId: 'o-1', placedAt: '2026-03-02T10:00:00+01:00' },
      { order: { orderId: 'o-1' } },
      '2026-03-02T09:05:00Z',
    );
    expect(planned).toEqual([
      expect.objectContaining({ kind: 'second-sale/thank-you', sequenceId: 'o-1', stepId: 'thank-you', dueAt: '2026-03-03T09:00:00.000Z', attempts: 0, sellerId: 's-anna' }),
      expect.objectContaining({ kind: 'second-sale/second-order', sequenceId: 'o-1', stepId: 'second-order', dueAt: '2026-03-16T09:00:00.000Z', attempts: 0 }),
    ]);
    expect(planned.every((s) => s.queuedAt === '2026-03-02T09:05:00Z' && (s.payload as { order: object }).order)).toBe(true);
    expect(planned.map(stepSk)).toEqual(['OUTREACH#second-sale#o-1#thank-you', 'OUTREACH#second-sale#o-1#second-order']);
  });
});

describe('decideDelivery', () => {
  it('checks in order: known customer, suppression, consent, the flow’s exits, then quiet hours and the cap', () => {
    // Everything stands in the way at first; each line removes the reason the line before gave.
    let current = facts({
      suppressed: true,
      profile: profile({ marketingConsent: false, orders: { 'o-1': FIRST_AT, 'o-2': '2026-03-02T18:00:00.000Z' } }),
      now: '2026-03-03T23:00:00.000Z', // 23:00 in Lisbon
      recentSends: ['2026-03-02T12:00:00.000Z'],
    });
    const peel: [Partial<DeliveryFacts>, ReturnType<typeof decideDelivery>][] = [
      [{}, { action: 'skip', reason: 'suppressed' }],
      [{ suppressed: false }, { action: 'skip', reason: 'no-consent' }],
      [{ profile: profile({ orders: current.profile!.orders }) }, { action: 'skip', reason: 'ordered-again' }],
      [{ profile: profile() }, { action: 'defer', reason: 'quiet-hours', until: '2026-03-04T08:00:00.000Z' }],
      [{ now: MIDDAY_LISBON }, { action: 'defer', reason: 'frequency-cap', until: '2026-03-05T12:00:00.000Z' }],
      [{ recentSends: [] }, { action: 'send' }],
    ];
    expect(decideDelivery({ ...current, profile: undefined })).toEqual({ action: 'skip', reason: 'unknown-customer' });
    for (const [change, expected] of peel) {
      current = { ...current, ...change };
      expect(decideDelivery(current), JSON.stringify(change)).toEqual(expected);
    }
  });

  it('ends a second-sale sequence when its first order is gone, however many orders remain', () => {
    expect(decideDelivery(facts({ profile: profile({ orders: {} }) }))).toEqual({ action: 'skip', reason: 'first-order-cancelled' });
    expect(decideDelivery(facts({ profile: profile({ orders: { 'o-2': '2026-03-05T10:00:00.000Z' } }) }))).toEqual({ action: 'skip', reason: 'first-order-cancelled' });
  });

  it('does not count an older order that arrived late as ordering again', () => {
    const orders = { 'o-0': '2026-02-01T10:00:00.000Z', 'o-1': FIRST_AT };
    expect(decideDelivery(facts({ profile: profile({ orders }) }))).toEqual({ action: 'send' });
  });

  it('applies the second-sale exits to second-sale steps only', () => {
    const winBack = { ...thankYou!, flow: 'win-back' as const, kind: 'win-back', sequenceId: 'risk-2026-03' };
    expect(decideDelivery(facts({ step: winBack, profile: profile({ orders: { 'o-9': FIRST_AT } }) }))).toEqual({ action: 'send' });
  });

  it('skips a win-back once the customer ordered after the silence it is about, and only then', () => {
    const lastOrder = { orderId: 'o-1', placedAt: FIRST_AT, items: [{ sku: 's', name: 'n', quantity: 1 }], total: 42.5, currency: 'EUR' };
    const winBack = planWinBack({ customerId: 'c-1', sellerId: 's-1', lastOrderId: 'o-1', flaggedAt: '2026-06-01T04:00:00.000Z' }, { lastOrder }, 3);
    expect(winBack).toMatchObject({ flow: 'win-back', kind: 'win-back', sequenceId: 'o-1', dueAt: '2026-06-04T04:00:00.000Z' });
    const at = { now: '2026-06-04T12:00:00.000Z', step: winBack };

    expect(decideDelivery(facts(at))).toEqual({ action: 'send' });
    expect(decideDelivery(facts({ ...at, profile: profile({ orders: { 'o-0': '2026-01-10T10:00:00.000Z', 'o-1': FIRST_AT } }) }))).toEqual({ action: 'send' });
    expect(decideDelivery(facts({ ...at, profile: profile({ orders: { 'o-1': FIRST_AT, 'o-2': '2026-06-03T10:00:00.000Z' } }) }))).toEqual({ action: 'skip', reason: 'ordered-again' });
    // The order behind the silence was cancelled since: the payload still dates the silence.
    expect(decideDelivery(facts({ ...at, profile: profile({ orders: { 'o-2': '2026-06-03T10:00:00.000Z' } }) }))).toEqual({ action: 'skip', reason: 'ordered-again' });
  });

  it('keeps quiet hours in the customer’s time zone, or the default zone when the customer has none', () => {
    const sevenInNewYork = '2026-03-03T12:00:00.000Z'; // 12:00 in Lisbon, 07:00 in New York
    expect(decideDelivery(facts({ now: sevenInNewYork }))).toEqual({ action: 'send' });
    expect(decideDelivery(facts({ now: sevenInNewYork, profile: profile({ timeZone: undefined }) }))).toEqual({
      action: 'defer',
      reason: 'quiet-hours',
      until: '2026-03-03T13:00:00.000Z',
    });
  });
});

describe('endOfQuietHours (21:00–08:00)', () => {
  it.each([
    ['late evening: next morning', '2026-01-15T23:00:00Z', 'Europe/Lisbon', '2026-01-16T08:00:00.000Z'],
    ['after midnight: this morning', '2026-01-16T02:00:00Z', 'Europe/Lisbon', '2026-01-16T08:00:00.000Z'],
    ['the first quiet minute', '2026-01-15T21:00:00Z', 'Europe/Lisbon', '2026-01-16T08:00:00.000Z'],
    ['the last quiet minute', '2026-01-16T07:59:00Z', 'Europe/Lisbon', '2026-01-16T08:00:00.000Z'],
    ['across the year end, east of UTC', '2026-12-31T14:30:00Z', 'Asia/Tokyo', '2026-12-31T23:00:00.000Z'],
    ['14 hours ahead of UTC', '2026-06-01T08:00:00Z', 'Pacific/Kiritimati', '2026-06-01T18:00:00.000Z'],
    ['west of UTC, the local evening is the next UTC day', '2026-01-16T07:00:00Z', 'America/Los_Angeles', '2026-01-16T16:00:00.000Z'],
  ])('%s', (_, now, timeZone, until) => {
    expect(endOfQuietHours(now, timeZone, QUIET)).toBe(until);
  });

  it.each([
    ['the first minute after quiet hours', '2026-01-16T08:00:00Z'],
    ['the last minute before them', '2026-01-15T20:59:00Z'],
    ['midday', '2026-01-15T12:00:00Z'],
  ])('is undefined at %s', (_, now) => {
    expect(endOfQuietHours(now, 'Europe/Lisbon', QUIET)).toBeUndefined();
  });

  it('handles a window that does not span midnight', () => {
    const lunch = { start: '12:00', end: '14:00' };
    expect(endOfQuietHours('2026-01-15T13:00:00Z', 'Europe/Lisbon', lunch)).toBe('2026-01-15T14:00:00.000Z');
    expect(endOfQuietHours('2026-01-15T23:00:00Z', 'Europe/Lisbon', lunch)).toBeUndefined();
    expect(endOfQuietHours('2026-01-15T11:59:00Z', 'Europe/Lisbon', lunch)).toBeUndefined();
  });

  it.each([
    // New York springs forward at 02:00 on 2026-03-08: 08:00 that morning is already EDT (UTC−4).
    ['23:00 EST the night before the change', '2026-03-08T04:00:00Z', 'America/New_York', '2026-03-08T12:00:00.000Z'],
    ['01:30 EST, just before the change', '2026-03-08T06:30:00Z', 'America/New_York', '2026-03-08T12:00:00.000Z'],
    ['03:30 EDT, just after it', '2026-03-08T07:30:00Z', 'America/New_York', '2026-03-08T12:00:00.000Z'],
    // …and falls back on 2026-11-01: 01:30 happens twice, 08:00 is EST (UTC−5).
    ['23:00 EDT the night before falling back', '2026-11-01T03:00:00Z', 'America/New_York', '2026-11-01T13:00:00.000Z'],
    ['the first 01:30 (EDT)', '2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01T13:00:00.000Z'],
    ['the second 01:30 (EST)', '2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01T13:00:00.000Z'],
    // Berlin springs forward at 01:00 UTC on 2026-03-29.
    ['23:00 CET before Berlin’s change', '2026-03-28T22:00:00Z', 'Europe/Berlin', '2026-03-29T06:00:00.000Z'],
  ])('across daylight saving: %s', (_, now, timeZone, until) => {
    expect(endOfQuietHours(now, timeZone, QUIET)).toBe(until);
  });

  it('ends a window whose end falls in a spring-forward gap after the gap, never at or before now', () => {
    const intoTheGap = { start: '21:00', end: '02:30' }; // 02:30 does not exist on the night clocks go forward
    // New York skips 02:00–02:59 on 2026-03-08: the window ends at 03:30 EDT, 07:30 UTC.
    for (const now of ['2026-03-08T04:00:00.000Z', '2026-03-08T06:30:00.000Z', '2026-03-08T06:45:00.000Z']) {
      expect(endOfQuietHours(now, 'America/New_York', intoTheGap), now).toBe('2026-03-08T07:30:00.000Z');
    }
    // Berlin skips 02:00–02:59 on 2026-03-29: 03:30 CEST is 01:30 UTC.
    expect(endOfQuietHours('2026-03-28T22:00:00Z', 'Europe/Berlin', intoTheGap)).toBe('2026-03-29T01:30:00.000Z');
  });

  it('always ends at 08:00 local, later than now and within 12 hours (11 plus a fall-back hour), every 15 minutes through the DST weeks', () => {
    for (const [timeZone, from] of [
      ['America/New_York', '2026-03-06T00:00:00Z'],
      ['America/New_York', '2026-10-30T00:00:00Z'],
      ['Europe/Berlin', '2026-03-27T00:00:00Z'],
      ['Australia/Sydney', '2026-04-03T00:00:00Z'],
    ] as const) {
      for (let i = 0; i < 4 * 24 * 5; i++) {
        const now = addDays(from, i / 96);
        const until = endOfQuietHours(now, timeZone, QUIET);
        if (!until) continue;
        const { hour, minute } = localParts(until, timeZone);
        expect({ now, timeZone, hour, minute }).toEqual({ now, timeZone, hour: 8, minute: 0 });
        expect(until > now && Date.parse(until) - Date.parse(now) <= 12 * 3_600_000, `${now} → ${until}`).toBe(true);
        expect(endOfQuietHours(until, timeZone, QUIET)).toBeUndefined();
      }
    }
  });
});

describe('frequencyCapUntil', () => {
  const NOW = '2026-03-10T12:00:00.000Z';
  const daysAgo = (days: number) => addDays(NOW, -days);

  it('lets mail through below the cap', () => {
    expect(frequencyCapUntil([], NOW, { maxEmails: 1, perDays: 3 })).toBeUndefined();
    expect(frequencyCapUntil([daysAgo(1)], NOW, { maxEmails: 2, perDays: 3 })).toBeUndefined();
  });

  it('at the cap, waits until the oldest counted send leaves the window', () => {
    expect(frequencyCapUntil([daysAgo(1)], NOW, { maxEmails: 1, perDays: 3 })).toBe(addDays(daysAgo(1), 3));
    expect(frequencyCapUntil([daysAgo(5), daysAgo(2), daysAgo(6)], NOW, { maxEmails: 2, perDays: 7 })).toBe(addDays(daysAgo(5), 7));
  });

  it('counts a send exactly one window ago as gone, a millisecond less as still there', () => {
    expect(frequencyCapUntil([daysAgo(3)], NOW, { maxEmails: 1, perDays: 3 })).toBeUndefined();
    const justInside = addDays(daysAgo(3), 1 / 86_400_000);
    expect(frequencyCapUntil([justInside], NOW, { maxEmails: 1, perDays: 3 })).toBe(addDays(justInside, 3));
  });

  it('ignores sends older than the window and later than now', () => {
    expect(frequencyCapUntil([daysAgo(10), addDays(NOW, 1)], NOW, { maxEmails: 1, perDays: 3 })).toBeUndefined();
  });

  it('frees the slot at the instant it names', () => {
    const sends = [daysAgo(0.5), daysAgo(2)];
    const until = frequencyCapUntil(sends, NOW, { maxEmails: 2, perDays: 3 })!;
    expect(until).toBe(addDays(daysAgo(2), 3));
    expect(frequencyCapUntil(sends, until, { maxEmails: 2, perDays: 3 })).toBeUndefined();
  });
});
