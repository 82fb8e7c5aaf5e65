import type { Catalog, Product } from '../../config/catalog';
import type { OrderItem } from '../../contracts/events';
import { addDays, daysBetween } from '../time';
import type { RelatedItem } from './co-purchase';

/** What a suggestion offers, in the planner's order of preference (replenishment sits after tips). */
export type SuggestionKind = 'care-tip' | 'how-to' | 'complement' | 'bought-together' | 'replenish';

/** One up-serve suggestion, ready for an email: `reason` is the sentence that says why it is made. */
export interface Suggestion {
  /** Stable id: a customer never receives the same key twice. */
  key: string;
  kind: SuggestionKind;
  /** The product suggested (absent for tips, which are about what was bought). */
  sku?: string;
  title: string;
  reason: string;
  /** Tip or guide text, and a link for guides that have one. */
  body?: string;
  url?: string;
}

/** Everything the planner weighs; plain data, so it is a pure function of its input. */
export interface PlanInput {
  catalog: Catalog;
  /** `topRelated` results per sku, best first. */
  related: Readonly<Record<string, readonly RelatedItem[]>>;
  /** sku → when the customer last bought it (ISO), for every product they own. */
  customerHistory: { owned: Readonly<Record<string, string>> };
  /** Keys of suggestions already sent to this customer. */
  alreadySuggested: ReadonlySet<string>;
  /** The order that triggers the plan. */
  boughtNow: readonly Pick<OrderItem, 'sku' | 'name'>[];
  now: string;
}

/** A reminder to restock a consumable, due `dueAt`. */
export interface ReplenishmentReminder {
  sku: string;
  dueAt: string;
}

/** At most this many suggestions per plan: more would read as a sales pitch. */
export const MAX_SUGGESTIONS = 3;

/** Key of a product suggestion: one product is suggested once, whether as complement or bought together. */
export const productKey = (sku: string): string => `product:${sku}`;

/** Key of a restock reminder: one per purchase of the consumable, shared by the planner and scheduled reminders. */
export const replenishKey = (sku: string, boughtAt: string): string => `replenish:${sku}:${boughtAt.slice(0, 10)}`;

/**
 * Plans up to {@link MAX_SUGGESTIONS} suggestions after an order, in this order of preference:
 * a care tip or guide per product bought; restocks whose time has come; catalog complements;
 * bought-together items. Never suggests a product the customer owns (restocks aside) or a key
 * already sent.
 */
export function planSuggestions(input: PlanInput): Suggestion[] {
  const products = new Map(input.catalog.products.map((p) => [p.sku, p]));
  const candidates = [
    ...input.boughtNow.flatMap((item) => tipFor(item, products.get(item.sku), input.alreadySuggested)),
    ...restocksDue(input, products),
    ...input.boughtNow.flatMap((item) => complementsOf(item, products)),
    ...boughtTogether(input, products),
  ];
  const owned = new Set([...Object.keys(input.customerHistory.owned), ...input.boughtNow.map((i) => i.sku)]);
  const chosen: Suggestion[] = [];
  const taken = new Set<string>();
  for (const candidate of candidates) {
    if (chosen.length === MAX_SUGGESTIONS) break;
    if (input.alreadySuggested.has(candidate.key) || taken.has(candidate.key)) continue;
    if (candidate.kind !== 'replenish' && candidate.sku !== undefined && owned.has(candidate.sku)) continue;
    if (candidate.sku !== undefined && chosen.some((s) => s.sku === candidate.sku)) continue;
    chosen.push(candidate);
    taken.add(candidate.key);
  }
  return chosen;
}

/** Restock reminders for the products of an order that run out (those with `replenishAfterDays`). */
export function replenishmentDue(
  catalog: Catalog,
  items: readonly Pick<OrderItem, 'sku'>[],
  placedAt: string,
): ReplenishmentReminder[] {
  const products = new Map(catalog.products.map((p) => [p.sku, p]));
  return [...new Set(items.map((i) => i.sku))].flatMap((sku) => {
    const days = products.get(sku)?.relations?.replenishAfterDays;
    return days === undefined ? [] : [{ sku, dueAt: addDays(placedAt, days) }];
  });
}

/** The first care tip, else guide, of a bought product that this customer has not had yet. */
function tipFor(item: Pick<OrderItem, 'name'>, product: Product | undefined, sent: ReadonlySet<string>): Suggestion[] {
  const tips: Suggestion[] = [
    ...(product?.relations?.careTips ?? []).map((tip) => ({
      key: `care-tip:${slug(tip.title)}`,
      kind: 'care-tip' as const,
      title: tip.title,
      reason: `You bought ${item.name}. A little care keeps it working like new.`,
      body: tip.body,
    })),
    ...(product?.relations?.howTo ?? []).map((guide) => ({
      key: `how-to:${slug(guide.title)}`,
      kind: 'how-to' as const,
      title: guide.title,
      reason: `You bought ${item.name}. This helps you get the most out of it.`,
      ...(guide.body === undefined ? {} : { body: guide.body }),
      ...(guide.url === undefined ? {} : { url: guide.url }),
    })),
  ];
  // One tip per product, so one order of several products does not become a manual.
  return tips.filter((tip) => !sent.has(tip.key)).slice(0, 1);
}

function restocksDue(input: PlanInput, products: ReadonlyMap<string, Product>): Suggestion[] {
  const boughtNow = new Set(input.boughtNow.map((i) => i.sku));
  return Object.entries(input.customerHistory.owned)
    .filter(([sku]) => !boughtNow.has(sku))
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([sku, lastBoughtAt]) => {
      const product = products.get(sku);
      const lastsDays = product?.relations?.replenishAfterDays;
      const ageDays = Math.floor(daysBetween(lastBoughtAt, input.now));
      if (!product || lastsDays === undefined || ageDays < lastsDays) return [];
      return [
        {
          key: replenishKey(sku, lastBoughtAt),
          kind: 'replenish' as const,
          sku,
          title: product.name,
          reason: `You bought ${product.name} ${ageDays} days ago. It usually lasts about ${lastsDays} days, so you may be running low.`,
        },
      ];
    });
}

function complementsOf(item: Pick<OrderItem, 'sku' | 'name'>, products: ReadonlyMap<string, Product>): Suggestion[] {
  return (products.get(item.sku)?.relations?.complements ?? []).flatMap((complement) => {
    const product = products.get(complement.sku);
    if (!product) return [];
    return [
      {
        key: productKey(product.sku),
        kind: 'complement' as const,
        sku: product.sku,
        title: product.name,
        reason: `You bought ${item.name}. Customers who use ${item.name} often pair it with ${product.name}, because it ${complement.reason}.`,
      },
    ];
  });
}

/** Related items of everything bought now, merged best score first; each names the purchase it relates to. */
function boughtTogether(input: PlanInput, products: ReadonlyMap<string, Product>): Suggestion[] {
  const scored = input.boughtNow.flatMap((item) =>
    (input.related[item.sku] ?? []).map((related) => ({ item, related })),
  );
  scored.sort((a, b) => b.related.score - a.related.score || a.related.sku.localeCompare(b.related.sku));
  return scored.flatMap(({ item, related }) => {
    const product = products.get(related.sku);
    if (!product) return [];
    const percent = Math.max(1, Math.round(related.confidence * 100));
    return [
      {
        key: productKey(product.sku),
        kind: 'bought-together' as const,
        sku: product.sku,
        title: product.name,
        reason: `You bought ${item.name}. ${percent}% of customers who bought it also bought ${product.name}.`,
      },
    ];
  });
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
