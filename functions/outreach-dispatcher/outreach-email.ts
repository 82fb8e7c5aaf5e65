import type { Catalog } from '../../shared/config/catalog';
import type { Brand, Seller } from '../../shared/config/schema';
import { OutreachPayloads, type OrderSnapshot, type OutreachKind, type SuggestionPayload } from '../../shared/contracts/outreach-payloads';
import type { QueuedStep } from '../../shared/domain/outreach';
import type { CustomerProfile } from '../../shared/domain/purchase';
import { renderEmail, type CustomerEmailBase, type OrderSummary, type UsageTip } from '../../shared/email/render';
import type { OutgoingEmail } from '../../shared/ports';
import { PayloadError, parsePayload } from './payload';

/** What every outreach email needs besides the step and the customer. */
export interface EmailContext {
  brand: Brand;
  catalog: Catalog;
  unsubscribeUrl: string;
  /** The win-back's sender: the brand, or (`risk.winBack.from: seller`) the customer's seller, whom replies reach. */
  winBackFrom: 'brand' | 'seller';
  sellers: readonly Seller[];
}

/** Renders a queued step for its customer into an email with the one-click unsubscribe link. */
export function outreachEmail(step: QueuedStep, profile: CustomerProfile, context: EmailContext): OutgoingEmail {
  const base: CustomerEmailBase = {
    brand: context.brand,
    customerName: profile.name,
    locale: profile.locale,
    timeZone: profile.timeZone,
    unsubscribeUrl: context.unsubscribeUrl,
  };
  const signer = step.flow === 'win-back' ? signingSeller(step, context) : undefined;
  const rendered = render(step, base, context, signer);
  return {
    to: profile.email,
    ...rendered,
    unsubscribeUrl: context.unsubscribeUrl,
    ...(signer && { replyTo: signer.email }),
    tags: { customerId: step.customerId, kind: step.kind.replace('/', '.') },
  };
}

/** The seller who signs a win-back when the config says so and the directory knows them; the brand signs otherwise. */
const signingSeller = (step: QueuedStep, { winBackFrom, sellers }: EmailContext): Seller | undefined =>
  winBackFrom === 'seller' ? sellers.find((s) => s.id === step.sellerId) : undefined;

function render(step: QueuedStep, base: CustomerEmailBase, { brand, catalog }: EmailContext, signer: Seller | undefined) {
  const kind = step.kind as OutreachKind;
  const schema = OutreachPayloads[kind];
  if (!schema) throw new PayloadError(`kind: no template for "${step.kind}"`);
  const payload = parsePayload<Record<string, unknown>>(schema, step.payload);
  switch (kind) {
    case 'second-sale/thank-you': {
      const { order } = payload as { order: OrderSnapshot };
      return renderEmail(kind, { ...base, order: summary(order), deliveryNote: brand.deliveryNote, tips: tipsFor(order, catalog) });
    }
    case 'second-sale/second-order':
      return renderEmail(kind, { ...base, order: summary((payload as { order: OrderSnapshot }).order) });
    case 'win-back':
      return renderEmail(kind, { ...base, lastOrder: summary((payload as { lastOrder: OrderSnapshot }).lastOrder), ...(signer && { signedBy: signer.name }) });
    case 'upserve/suggestions':
      return renderEmail(kind, { ...base, suggestions: (payload as { suggestions: SuggestionPayload[] }).suggestions });
    case 'upserve/replenish':
      return renderEmail(kind, { ...base, ...(payload as { item: { name: string; reorderUrl: string }; purchasedAt: string; lastsAboutDays: number }) });
  }
}

const summary = (order: OrderSnapshot): OrderSummary => ({
  placedAt: order.placedAt,
  items: order.items.map(({ name, quantity }) => ({ name, quantity })),
  total: { amount: order.total, currency: order.currency },
});

/** Care tips and guides from the catalog for what was bought: how to get value from it now. */
function tipsFor(order: OrderSnapshot, catalog: Catalog): UsageTip[] {
  const bySku = new Map(catalog.products.map((p) => [p.sku, p]));
  const tips = order.items.flatMap(({ sku }) => {
    const relations = bySku.get(sku)?.relations;
    return [...(relations?.careTips ?? []), ...(relations?.howTo ?? []).map((h) => ({ title: h.title, body: h.body ?? h.url ?? '' }))];
  });
  return [...new Map(tips.map((t) => [t.title, t])).values()];
}
