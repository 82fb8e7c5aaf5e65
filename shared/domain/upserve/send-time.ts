/**
 * What a due up-serve step sends, decided when it is sent: by then the customer may have bought more,
 * re-bought a consumable or been sent a suggestion by another email, and all of that counts.
 */
import type { Catalog } from '../../config/catalog';
import type { SkipReason } from '../../contracts/events';
import type { OrderSnapshot, ReplenishPayload, SuggestionPayload } from '../../contracts/outreach-payloads';
import type { RelatedItem } from './co-purchase';
import { planSuggestions, replenishKey, type Suggestion } from './plan';

/** Send this payload and record these suggestion keys as sent, or skip for this reason. */
export type UpserveChoice =
  | { action: 'send'; payload: Record<string, unknown>; keys: string[] }
  | { action: 'skip'; reason: SkipReason };

/** The customer's state when the step falls due. */
export interface SendTimeState {
  /** sku → when the customer last bought it, over their active orders. */
  owned: Readonly<Record<string, string>>;
  /** Keys of suggestions already sent to the customer. */
  sent: ReadonlySet<string>;
}

/**
 * A restock reminder is sent unless the customer bought the product again after this purchase
 * (`ordered-again`) or was already reminded of this purchase in a suggestions email.
 */
export function chooseReplenish(payload: ReplenishPayload, { owned, sent }: SendTimeState): UpserveChoice {
  const { sku } = payload.item;
  const lastBought = owned[sku];
  if (lastBought !== undefined && lastBought > payload.purchasedAt) return { action: 'skip', reason: 'ordered-again' };
  const key = replenishKey(sku, payload.purchasedAt);
  if (sent.has(key)) return { action: 'skip', reason: 'nothing-to-suggest' };
  return { action: 'send', payload, keys: [key] };
}

/**
 * Up to three suggestions for what the order bought ({@link planSuggestions}: nothing the customer
 * owns by now, nothing sent before), each with its reason and a link where there is one to follow.
 */
export function chooseSuggestions(
  order: OrderSnapshot,
  state: SendTimeState & { catalog: Catalog; related: Readonly<Record<string, readonly RelatedItem[]>>; productUrl: (sku: string) => string; now: string },
): UpserveChoice {
  const suggestions = planSuggestions({
    catalog: state.catalog,
    related: state.related,
    customerHistory: { owned: state.owned },
    alreadySuggested: state.sent,
    boughtNow: order.items,
    now: state.now,
  });
  if (suggestions.length === 0) return { action: 'skip', reason: 'nothing-to-suggest' };
  return {
    action: 'send',
    payload: { order, suggestions: suggestions.map((s) => forEmail(s, state.productUrl)) },
    keys: suggestions.map((s) => s.key),
  };
}

/** A planned suggestion as the email shows it: guides link to themselves, products to their page. */
function forEmail(suggestion: Suggestion, productUrl: (sku: string) => string): SuggestionPayload {
  const { key, kind, sku, title, reason, body, url } = suggestion;
  const link =
    url !== undefined
      ? { url, label: 'Read the guide' }
      : sku !== undefined
        ? { url: productUrl(sku), label: kind === 'replenish' ? `Reorder ${title}` : `Have a look at ${title}` }
        : undefined;
  return { key, title, reason, ...(body === undefined ? {} : { body }), ...(link === undefined ? {} : { link }) };
}
