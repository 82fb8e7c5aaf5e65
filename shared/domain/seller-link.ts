import { SellerAction } from '../contracts/events';
import { type TokenSecret, openToken, sealToken } from './sealed-token';

/** What a link in a seller's digest opens: one flagged customer of theirs, optionally one action on them, until it expires. */
export interface SellerLink {
  sellerId: string;
  customerId: string;
  /** The flag the link is about: an action on a flag that is settled since changes nothing. */
  flaggedAt: string;
  action?: SellerAction;
  expiresAt: string;
}

/** What a presented token turned out to be. */
export type OpenedLink = { kind: 'valid'; link: SellerLink } | { kind: 'expired' } | { kind: 'invalid' };

/** Seller links start `s1.`; sealed under their own derived keys, so an unsubscribe token never opens as one. */
const SELLER_LINK = { version: 's1', purpose: 'seller-link' };

/** The link's token: opaque, signed and sealed; the same link always gives the same token. */
export const signSellerLink = (link: SellerLink, secret: TokenSecret): string =>
  sealToken(SELLER_LINK, { s: link.sellerId, c: link.customerId, f: link.flaggedAt, ...(link.action && { a: link.action }), x: link.expiresAt }, secret);

/** The link a genuine token stands for, `expired` once `now` has passed its end, `invalid` for anything forged, altered or malformed. */
export function openSellerLink(token: string | undefined, secret: TokenSecret, now: string): OpenedLink {
  const claims = token ? openToken(SELLER_LINK, token, secret) : undefined;
  const { s, c, f, a, x } = claims ?? {};
  if (typeof s !== 'string' || typeof c !== 'string' || typeof f !== 'string' || typeof x !== 'string') return { kind: 'invalid' };
  const action = a === undefined ? undefined : SellerAction.safeParse(a);
  if (action && !action.success) return { kind: 'invalid' };
  if (x <= now) return { kind: 'expired' };
  return { kind: 'valid', link: { sellerId: s, customerId: c, flaggedAt: f, ...(action && { action: action.data }), expiresAt: x } };
}

/** The page's address for a link. */
export function sellerLinkUrl(baseUrl: string, link: SellerLink, secret: TokenSecret): string {
  const url = new URL(baseUrl);
  url.searchParams.set('t', signSellerLink(link, secret));
  return url.toString();
}
