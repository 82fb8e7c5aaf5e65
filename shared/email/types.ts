import type { SellerActivity } from '../domain/digest';
/** Every email this system sends; the string is recorded in reports and the contact history. */
export const EMAIL_KINDS = [
  'second-sale/thank-you',
  'second-sale/second-order',
  'upserve/suggestions',
  'upserve/replenish',
  'win-back',
  'seller-digest',
] as const;

/** One of {@link EMAIL_KINDS}. */
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** Kinds sent to customers as marketing: they carry an unsubscribe link and one-click header. */
export const MARKETING_KINDS = [
  'second-sale/thank-you',
  'second-sale/second-order',
  'upserve/suggestions',
  'upserve/replenish',
  'win-back',
] as const satisfies readonly EmailKind[];

/** A kind that is marketing mail to a customer. */
export type MarketingKind = (typeof MARKETING_KINDS)[number];

/** True when `kind` is marketing mail (needs consent and an unsubscribe link). */
export const isMarketingKind = (kind: EmailKind): kind is MarketingKind =>
  (MARKETING_KINDS as readonly EmailKind[]).includes(kind);

/** An amount in an ISO-4217 currency. */
export interface Money {
  amount: number;
  /** ISO-4217 code such as EUR. */
  currency: string;
}

/** The shop the mail comes from, shown in the header and footer. */
export interface Brand {
  name: string;
  /** The shop's home page. */
  url: string;
  /** Where customers get help with an order. */
  helpUrl: string;
  /** Postal address in the footer, which marketing law in many places asks for. */
  postalAddress?: string;
}

/** How dates and amounts are shown to the reader. */
export interface ReaderLocale {
  /** BCP-47 tag such as de-DE; English when absent or unknown. */
  locale?: string;
  /** IANA time zone such as Europe/Berlin; UTC when absent or unknown. */
  timeZone?: string;
}

/** One line the customer bought. */
export interface PurchasedItem {
  name: string;
  quantity: number;
}

/** An order as the customer remembers it. */
export interface OrderSummary {
  /** ISO-8601 instant. */
  placedAt: string;
  items: PurchasedItem[];
  total: Money;
}

/** What every customer email needs. */
export interface CustomerEmailBase extends ReaderLocale {
  brand: Brand;
  /** The customer's full name as the shop knows it; greetings fall back to a neutral "Hi there". */
  customerName?: string;
  /** One-click unsubscribe link for this customer (also sent as the List-Unsubscribe header). */
  unsubscribeUrl: string;
}

/** A care or usage tip that helps the customer get value from what they bought. */
export interface UsageTip {
  title: string;
  body: string;
}

/** A suggestion with the sentences that say why it is made: a care tip, a guide, a complement, a restock. */
export interface Suggestion {
  /** The tip's or guide's title, or the suggested product. */
  title: string;
  /**
   * Why it is suggested, in full sentences, e.g. "You bought the moka pot. Customers who use the moka pot
   * often pair it with a spare gasket, because the seal hardens after a year of daily use."
   */
  reason: string;
  /** A tip's or guide's text. */
  body?: string;
  /** A guide to read or a product page to look at. */
  link?: { url: string; label: string };
}

/** A customer of a seller who has gone quiet for longer than their own rhythm. */
export interface AtRiskCustomer {
  customerName: string;
  /** The last order's instant (ISO-8601) and what it was. */
  lastOrder: { placedAt: string; summary: string };
  /** The customer's usual days between orders; absent for a customer with one order so far. */
  rhythmDays?: number;
  /** Whole days since the last order. */
  daysSilent: number;
  /** What the customer has spent so far. */
  value: Money;
  /** What is lost if they go: their expected spend within the model's horizon if they stay × the chance none of it comes. The digest ranks by this (by spend when absent). */
  valueAtStake?: Money;
  /** What the seller could do, e.g. "Call to ask how the espresso machine is working out". */
  nextStep: string;
  /** How to reach them: the address, and phone and company when the shop sends them. */
  contact?: { email: string; phone?: string; company?: string };
  /** The seller's signed links: the customer card, and each action (every page asks before it acts). */
  links?: Record<'card' | 'reachOut' | 'sendNow' | 'notAtRisk' | 'lost', string>;
}


/** A previously flagged customer who ordered again. */
export interface ReturnedCustomer {
  customerName: string;
  /** ISO-8601 instant of the order that brought them back. */
  orderedAt: string;
  orderTotal: Money;
}

/** The data each kind of email is rendered from. */
export interface EmailData {
  /** One day after the first order: thanks, what to expect, how to get value from it. */
  'second-sale/thank-you': CustomerEmailBase & {
    order: OrderSummary;
    /** When and how the order arrives, e.g. "Your parcel usually arrives within 2–3 working days." */
    deliveryNote: string;
    /** Tips for what they bought: the first three are shown, a generic line when there are none. */
    tips: UsageTip[];
  };
  /** Two weeks later: a personal, no-pressure invitation to come back. */
  'second-sale/second-order': CustomerEmailBase & {
    order: OrderSummary;
  };
  /** One to three suggestions, each with a visible reason. */
  'upserve/suggestions': CustomerEmailBase & {
    suggestions: Suggestion[];
  };
  /** A consumable they bought is likely running out. */
  'upserve/replenish': CustomerEmailBase & {
    item: { name: string; reorderUrl: string };
    /** ISO-8601 instant of the purchase. */
    purchasedAt: string;
    /** How long the item usually lasts. */
    lastsAboutDays: number;
  };
  /** We miss you: helpful, no guilt, referencing their last purchase. */
  'win-back': CustomerEmailBase & {
    lastOrder: OrderSummary;
    /** The seller who signs it (`risk.winBack.from: seller`); the brand's team otherwise. */
    signedBy?: string;
  };
  /** Daily transactional digest to a seller: newly at risk (ranked by value) and who came back. */
  'seller-digest': ReaderLocale & {
    brand: Brand;
    sellerName: string;
    /** ISO-8601 instant the digest describes (the job's `now`). */
    date: string;
    atRisk: AtRiskCustomer[];
    cameBack: ReturnedCustomer[];
    /** Absent when the seller recorded nothing in the span. */
    activity?: SellerActivity;
  };
}

/** A rendered email, ready to compose into MIME. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export type { SellerActivity } from '../domain/digest';
