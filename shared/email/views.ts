import {
  describeItems,
  describeLine,
  firstName,
  formatDate,
  formatDuration,
  formatMoney,
  formatRhythm,
  safeLocale,
} from './format';
import type { AtRiskCustomer, Brand, CustomerEmailBase, EmailData, EmailKind, ReaderLocale, SellerActivity } from './types';
import { LoyaltyError } from '../errors';

// Templates only print prepared strings: every rule about wording, dates and money lives here,
// typed and testable, instead of in Handlebars helpers.

/** The values a kind's templates may reference. */
export type TemplateView = Record<string, unknown>;

/** Input that would produce a broken or misleading email. */
export class EmailDataError extends LoyaltyError {
  override readonly name = 'EmailDataError';
}

const MAX_SUGGESTIONS = 3;

/** Builds the template view of each kind from its typed data. */
export const views: { [K in EmailKind]: (data: EmailData[K]) => TemplateView } = {
  'second-sale/thank-you': (data) => ({
    ...customerView(data),
    itemsPhrase: describeItems(data.order.items),
    lines: data.order.items.map(describeLine),
    orderDate: formatDate(data.order.placedAt, data),
    orderTotal: formatMoney(data.order.total, data),
    deliveryNote: data.deliveryNote,
    tips: data.tips.slice(0, 3).map(({ title, body }) => ({ title, body })),
  }),
  'second-sale/second-order': (data) => ({
    ...customerView(data),
    itemsPhrase: describeItems(data.order.items),
    lines: data.order.items.map(describeLine),
    orderDate: formatDate(data.order.placedAt, data),
  }),
  'upserve/suggestions': (data) => {
    const count = data.suggestions.length;
    if (count < 1 || count > MAX_SUGGESTIONS) {
      throw new EmailDataError(`suggestions: expected 1 to ${MAX_SUGGESTIONS}, got ${count}`);
    }
    return {
      ...customerView(data),
      suggestionsIntro: count === 1 ? 'is one idea' : `are ${count === 2 ? 'two' : 'three'} ideas`,
      // Explicit empty strings for what a suggestion lacks: templates compile in strict mode.
      suggestions: data.suggestions.map(({ title, reason, body, link }) => ({
        title,
        reason: reason.trim(),
        body: body ?? '',
        linkUrl: link?.url ?? '',
        linkLabel: link?.label ?? '',
      })),
    };
  },
  'upserve/replenish': (data) => ({
    ...customerView(data),
    itemName: data.item.name,
    reorderUrl: data.item.reorderUrl,
    purchaseDate: formatDate(data.purchasedAt, data),
    lastsAbout: formatDuration(data.lastsAboutDays),
  }),
  'win-back': (data) => ({
    ...customerView(data),
    itemsPhrase: describeItems(data.lastOrder.items),
    lastOrderDate: formatDate(data.lastOrder.placedAt, data),
    signedBy: data.signedBy ?? '',
  }),
  'seller-digest': (data) => {
    const greetingName = firstName(data.sellerName) ?? 'there';
    const atRisk = rankByValue(data.atRisk).map((customer, index) => atRiskRow(customer, index + 1, data));
    const cameBack = data.cameBack.map((c) => ({
      name: c.customerName,
      orderDate: formatDate(c.orderedAt, data),
      orderTotal: formatMoney(c.orderTotal, data),
    }));
    return {
      ...brandView(data.brand, data),
      greetingName,
      dateLabel: formatDate(data.date, data),
      subjectLine: digestSubject(atRisk.length, cameBack.length, greetingName),
      summaryLine: digestSummary(atRisk.length, cameBack.length),
      activityLine: data.activity ? activityLine(data.activity) : '',
      allQuiet: atRisk.length === 0 && cameBack.length === 0,
      atRisk,
      cameBack,
    };
  },
};

function brandView(brand: Brand, reader: ReaderLocale): TemplateView {
  return {
    lang: safeLocale(reader.locale),
    brand: { name: brand.name, url: brand.url, helpUrl: brand.helpUrl, postalAddress: brand.postalAddress ?? '' },
  };
}

function customerView(data: CustomerEmailBase): TemplateView {
  const first = firstName(data.customerName);
  return {
    ...brandView(data.brand, data),
    // Explicit empty string rather than a missing key: templates compile in strict mode.
    firstName: first ?? '',
    greetingName: first ?? 'there',
    unsubscribeUrl: data.unsubscribeUrl,
  };
}

/** Highest value at stake (spend so far when unknown) first; a stable sort keeps the caller's order among equals. */
function rankByValue(customers: readonly AtRiskCustomer[]): AtRiskCustomer[] {
  const ranking = (c: AtRiskCustomer) => (c.valueAtStake ?? c.value).amount;
  return [...customers].sort((a, b) => ranking(b) - ranking(a));
}

function valueLine(customer: AtRiskCustomer, reader: ReaderLocale): string {
  const spent = formatMoney(customer.value, reader);
  return customer.valueAtStake ? `${formatMoney(customer.valueAtStake, reader)} at stake; spent ${spent}` : spent;
}

function atRiskRow(customer: AtRiskCustomer, rank: number, reader: ReaderLocale): TemplateView {
  return {
    rank,
    name: customer.customerName,
    value: valueLine(customer, reader),
    lastOrderDate: formatDate(customer.lastOrder.placedAt, reader),
    lastOrderSummary: customer.lastOrder.summary,
    rhythmLine: customer.rhythmDays === undefined ? 'One order so far' : `Usually orders ${formatRhythm(customer.rhythmDays)}`,
    daysSilent: plural(customer.daysSilent, 'day'),
    nextStep: customer.nextStep,
    contact: customer.contact && {
      ...customer.contact,
      mailto: `mailto:${encodeURI(customer.contact.email)}`,
      tel: customer.contact.phone && `tel:${customer.contact.phone.replace(/[^+0-9]/g, '')}`,
    },
    links: customer.links,
  };
}

/** "In the last 30 days you reached out to 3 (1 ordered since), …": only what the seller did. */
function activityLine(a: SellerActivity): string {
  const parts = [
    a.reachedOut && `reached out to ${plural(a.reachedOut, 'customer')} (${a.orderedSince} ordered since)`,
    a.sentNow && `sent ${plural(a.sentNow, 'win-back')} early`,
    a.notAtRisk && `marked ${a.notAtRisk} not at risk`,
    a.lost && `marked ${a.lost} lost`,
  ].filter(Boolean);
  return parts.length ? `In the last ${a.days} days you ${parts.join(', ')}.` : '';
}

function digestSubject(atRisk: number, cameBack: number, greetingName: string): string {
  if (atRisk > 0) return `${plural(atRisk, 'customer')} to check in with today`;
  if (cameBack > 0) return `Good news: ${plural(cameBack, 'customer')} came back`;
  return `All quiet today, ${greetingName}`;
}

function digestSummary(atRisk: number, cameBack: number): string {
  if (atRisk === 0 && cameBack === 0) return 'All quiet, nothing new.';
  return `${plural(atRisk, 'customer')} newly at risk, ${plural(cameBack, 'customer')} came back.`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
