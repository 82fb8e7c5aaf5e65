import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../shared/config/catalog';
import type { OrderSnapshot, ReplenishPayload } from '../../../shared/contracts/outreach-payloads';
import { chooseReplenish, chooseSuggestions } from '../../../shared/domain/upserve/send-time';
import { planUpserve } from '../../../shared/domain/upserve/steps';

const catalog: Catalog = {
  products: [
    {
      sku: 'album',
      name: 'Kind of Blue',
      category: 'jazz',
      price: 10,
      relations: {
        complements: [{ sku: 'kit', reason: 'removes the dust that makes a disc skip' }],
        howTo: [{ title: 'Listen without interruptions', url: 'https://shop.example.com/guides/listen' }],
      },
    },
    { sku: 'kit', name: 'CD Cleaning Kit', category: 'accessories', price: 15, relations: { replenishAfterDays: 120 } },
    { sku: 'wallet', name: 'CD Wallet', category: 'accessories', price: 13 },
  ],
};

const order: OrderSnapshot = {
  orderId: 'o-1',
  placedAt: '2026-03-02T10:00:00.000Z',
  items: [{ sku: 'album', name: 'Kind of Blue', quantity: 1 }],
  total: 10,
  currency: 'EUR',
};

const productUrl = (sku: string) => `https://shop.example.com/p/${sku}`;
const state = { catalog, related: { album: [{ sku: 'wallet', score: 0.4, together: 30, confidence: 0.25 }] }, productUrl, now: '2026-03-07T10:00:00.000Z' };

describe('chooseSuggestions', () => {
  it('gives each suggestion its reason, guides their own link and products their page', () => {
    const choice = chooseSuggestions(order, { ...state, owned: { album: order.placedAt }, sent: new Set() });

    expect(choice).toEqual({
      action: 'send',
      keys: ['how-to:listen-without-interruptions', 'product:kit', 'product:wallet'],
      payload: {
        order,
        suggestions: [
          {
            key: 'how-to:listen-without-interruptions',
            title: 'Listen without interruptions',
            reason: 'You bought Kind of Blue. This helps you get the most out of it.',
            link: { url: 'https://shop.example.com/guides/listen', label: 'Read the guide' },
          },
          {
            key: 'product:kit',
            title: 'CD Cleaning Kit',
            reason: 'You bought Kind of Blue. Customers who use Kind of Blue often pair it with CD Cleaning Kit, because it removes the dust that makes a disc skip.',
            link: { url: 'https://shop.example.com/p/kit', label: 'Have a look at CD Cleaning Kit' },
          },
          {
            key: 'product:wallet',
            title: 'CD Wallet',
            reason: 'You bought Kind of Blue. 25% of customers who bought it also bought CD Wallet.',
            link: { url: 'https://shop.example.com/p/wallet', label: 'Have a look at CD Wallet' },
          },
        ],
      },
    });
  });

  it('offers a due restock with a reorder link', () => {
    const choice = chooseSuggestions(order, { ...state, owned: { album: order.placedAt, kit: '2025-10-01T10:00:00.000Z' }, sent: new Set(['how-to:listen-without-interruptions']) });

    expect(choice.action === 'send' && choice.payload.suggestions).toEqual([
      expect.objectContaining({ key: 'replenish:kit:2025-10-01', link: { url: 'https://shop.example.com/p/kit', label: 'Reorder CD Cleaning Kit' } }),
      expect.objectContaining({ key: 'product:wallet' }),
    ]);
  });

  it('skips with `nothing-to-suggest` when everything was sent or is owned', () => {
    const sent = new Set(['how-to:listen-without-interruptions', 'product:kit']);
    expect(chooseSuggestions(order, { ...state, owned: { wallet: '2026-01-01T00:00:00.000Z' }, sent })).toEqual({ action: 'skip', reason: 'nothing-to-suggest' });
  });
});

describe('chooseReplenish', () => {
  const reminder: ReplenishPayload = { item: { sku: 'kit', name: 'CD Cleaning Kit', reorderUrl: productUrl('kit') }, purchasedAt: '2026-03-02T10:00:00.000Z', lastsAboutDays: 120 };

  it('reminds of this purchase once', () => {
    expect(chooseReplenish(reminder, { owned: { kit: reminder.purchasedAt }, sent: new Set() })).toEqual({ action: 'send', payload: reminder, keys: ['replenish:kit:2026-03-02'] });
    expect(chooseReplenish(reminder, { owned: { kit: reminder.purchasedAt }, sent: new Set(['replenish:kit:2026-03-02']) })).toEqual({ action: 'skip', reason: 'nothing-to-suggest' });
  });

  it('is cancelled when the customer bought the product again since', () => {
    expect(chooseReplenish(reminder, { owned: { kit: '2026-05-01T10:00:00.000Z' }, sent: new Set() })).toEqual({ action: 'skip', reason: 'ordered-again' });
  });
});

describe('planUpserve', () => {
  it('queues the suggestions after the delay and a reminder per consumable when it usually runs out', () => {
    const withKit: OrderSnapshot = { ...order, items: [...order.items, { sku: 'kit', name: 'CD Cleaning Kit', quantity: 2 }] };
    const steps = planUpserve({ customerId: 'c-1', order: withKit }, { catalog, delayDays: 5, reorderUrl: productUrl }, '2026-03-02T10:00:01.000Z');

    expect(steps.map(({ flow, kind, sequenceId, stepId, dueAt }) => ({ flow, kind, sequenceId, stepId, dueAt }))).toEqual([
      { flow: 'upserve', kind: 'upserve/suggestions', sequenceId: 'o-1', stepId: 'suggestions', dueAt: '2026-03-07T10:00:00.000Z' },
      { flow: 'upserve', kind: 'upserve/replenish', sequenceId: 'o-1', stepId: 'replenish-kit', dueAt: '2026-06-30T10:00:00.000Z' },
    ]);
    expect(steps[0]!.payload).toEqual({ order: withKit });
    expect(steps[1]!.payload).toEqual({ item: { sku: 'kit', name: 'CD Cleaning Kit', reorderUrl: 'https://shop.example.com/p/kit' }, purchasedAt: order.placedAt, lastsAboutDays: 120 });
  });
});
