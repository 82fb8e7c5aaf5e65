import { describe, expect, it } from 'vitest';
import type { Catalog, Product } from '../../../shared/config/catalog';
import type { RelatedItem } from '../../../shared/domain/upserve/co-purchase';
import { planSuggestions, replenishmentDue, type PlanInput } from '../../../shared/domain/upserve/plan';

const discCare = { title: 'Hold a disc by its edge', body: 'Fingerprints cause skips.' };
const product = (sku: string, name: string, relations?: Product['relations']): Product => ({
  sku,
  name,
  category: 'music',
  price: 10,
  ...(relations ? { relations } : {}),
});

const catalog: Catalog = {
  products: [
    product('album', 'Kind of Blue', {
      complements: [{ sku: 'kit', reason: 'removes the dust that makes a disc skip' }],
      careTips: [discCare],
      howTo: [{ title: 'Listen once without interruptions', body: 'Start to finish.' }],
    }),
    product('album-2', 'A Love Supreme', { careTips: [discCare] }),
    product('kit', 'CD Cleaning Kit', {
      replenishAfterDays: 120,
      complements: [{ sku: 'lens', reason: "cleans the player's laser" }],
      careTips: [{ title: 'Wipe from the centre outward', body: 'Never in circles.' }],
    }),
    product('lens', 'Lens Cleaning Disc'),
    product('wallet', 'CD Wallet'),
    product('headphones', 'Headphones'),
  ],
};

const now = '2024-06-01T10:00:00.000Z';
const related = (...items: [string, number][]): RelatedItem[] =>
  items.map(([sku, score]) => ({ sku, score, together: 12, confidence: 0.25 }));

/** A plan input for a customer buying Kind of Blue, overridable per test. */
const input = (overrides: Partial<PlanInput> = {}): PlanInput => ({
  catalog,
  related: { album: related(['wallet', 3], ['headphones', 2]) },
  customerHistory: { owned: {} },
  alreadySuggested: new Set(),
  boughtNow: [{ sku: 'album', name: 'Kind of Blue' }],
  now,
  ...overrides,
});

describe('planSuggestions', () => {
  it('prefers a care tip, then a catalog complement, then a bought-together item, each with its reason', () => {
    expect(planSuggestions(input())).toEqual([
      {
        key: 'care-tip:hold-a-disc-by-its-edge',
        kind: 'care-tip',
        title: 'Hold a disc by its edge',
        reason: 'You bought Kind of Blue. A little care keeps it working like new.',
        body: 'Fingerprints cause skips.',
      },
      {
        key: 'product:kit',
        kind: 'complement',
        sku: 'kit',
        title: 'CD Cleaning Kit',
        reason:
          'You bought Kind of Blue. Customers who use Kind of Blue often pair it with CD Cleaning Kit, because it removes the dust that makes a disc skip.',
      },
      {
        key: 'product:wallet',
        kind: 'bought-together',
        sku: 'wallet',
        title: 'CD Wallet',
        reason: 'You bought Kind of Blue. 25% of customers who bought it also bought CD Wallet.',
      },
    ]);
  });

  it('returns at most three suggestions, tips for every product bought first', () => {
    const plan = planSuggestions(
      input({ boughtNow: [{ sku: 'album', name: 'Kind of Blue' }, { sku: 'kit', name: 'CD Cleaning Kit' }] }),
    );
    expect(plan.map((s) => s.key)).toEqual(['care-tip:hold-a-disc-by-its-edge', 'care-tip:wipe-from-the-centre-outward', 'product:lens']);
  });

  it('never suggests a product the customer owns or is buying now', () => {
    const plan = planSuggestions(
      input({
        customerHistory: { owned: { kit: '2024-05-01T00:00:00.000Z', wallet: '2023-01-01T00:00:00.000Z' } },
        related: { album: related(['album', 9], ['wallet', 3], ['headphones', 2]) },
      }),
    );
    expect(plan.map((s) => s.sku)).toEqual([undefined, 'headphones']);
  });

  it('suggests an owned consumable again once its replenishment time has come', () => {
    const plan = planSuggestions(input({ customerHistory: { owned: { kit: '2024-01-23T09:00:00.000Z' } } }));
    expect(plan[1]).toEqual({
      key: 'replenish:kit:2024-01-23',
      kind: 'replenish',
      sku: 'kit',
      title: 'CD Cleaning Kit',
      reason: 'You bought CD Cleaning Kit 130 days ago. It usually lasts about 120 days, so you may be running low.',
    });
    expect(plan.filter((s) => s.sku === 'kit')).toHaveLength(1);
  });

  it('does not suggest a consumable bought within its replenishment period', () => {
    const plan = planSuggestions(input({ customerHistory: { owned: { kit: '2024-02-15T09:00:00.000Z' } } }));
    expect(plan.some((s) => s.sku === 'kit')).toBe(false);
  });

  it('never sends the same suggestion key twice to a customer', () => {
    const first = planSuggestions(input());
    const second = planSuggestions(input({ alreadySuggested: new Set(first.map((s) => s.key)) }));
    expect(second.map((s) => s.key)).toEqual(['how-to:listen-once-without-interruptions', 'product:headphones']);
    // The same care tip on another album is not repeated either.
    const other = planSuggestions(
      input({ boughtNow: [{ sku: 'album-2', name: 'A Love Supreme' }], alreadySuggested: new Set(first.map((s) => s.key)) }),
    );
    expect(other).toEqual([]);
  });

  it('skips related items that are not in the catalog, since they cannot be named', () => {
    const plan = planSuggestions(input({ related: { album: related(['discontinued', 9], ['headphones', 1]) } }));
    expect(plan.map((s) => s.sku)).toEqual([undefined, 'kit', 'headphones']);
  });

  it('gives every suggestion a reason that names what was bought', () => {
    const plan = planSuggestions(
      input({ boughtNow: [{ sku: 'kit', name: 'CD Cleaning Kit' }], related: { kit: related(['wallet', 1]) } }),
    );
    expect(plan).toHaveLength(3);
    for (const suggestion of plan) expect(suggestion.reason).toMatch(/^You bought CD Cleaning Kit\. .+/);
  });
});

describe('replenishmentDue', () => {
  it('schedules one reminder per consumable in the order', () => {
    const items = [{ sku: 'album' }, { sku: 'kit' }, { sku: 'kit' }];
    expect(replenishmentDue(catalog, items, '2024-01-23T09:00:00.000Z')).toEqual([
      { sku: 'kit', dueAt: '2024-05-22T09:00:00.000Z' },
    ]);
  });

  it('returns nothing for an order without consumables', () => {
    expect(replenishmentDue(catalog, [{ sku: 'album' }, { sku: 'unknown' }], now)).toEqual([]);
  });
});
