import { addDays } from '../../shared/domain/time';
import { seededUniform } from '../../shared/domain/random';
import type { ReplayReport } from './replay';
import { SELLER_INPUT } from './seller-input';

/** How the scripted seller behaves. */
export interface ScriptedSeller {
  /** The share of their flags they act on at all (the rest they ignore, as busy sellers do). */
  share: number;
  seed: number;
  /** A customer who orders again within this many days of the flag was fine: the seller knew it. */
  falseAlarmDays: number;
}

/** One replay input line of a seller's action. */
export interface SellerActionLine {
  source: typeof SELLER_INPUT.source;
  'detail-type': typeof SELLER_INPUT.detailType;
  time: string;
  detail: { sellerId: string; customerId: string; action: 'not-at-risk' | 'reach-out' | 'lost'; reason?: 'other' };
}

/**
 * A seller who knows their customers, scripted from a first replay's flags and returns: the day after
 * a flag (after every digest that lists it), for a seeded `share` of the flags, they mark the customer
 * "not at risk" when the customer orders again within `falseAlarmDays` anyway, reach out to one who
 * comes back later, and mark one who never does lost. Replaying the orders with these lines measures
 * the precision such a seller would report.
 */
export function scriptedSellerActions({ flags, wonBack }: Pick<ReplayReport, 'flags' | 'wonBack'>, seller: ScriptedSeller): SellerActionLine[] {
  const draw = seededUniform(seller.seed);
  return [...flags]
    .sort((a, b) => a.flaggedAt.localeCompare(b.flaggedAt) || a.customerId.localeCompare(b.customerId))
    .filter(() => draw() < seller.share)
    .map((flag) => {
      const back = wonBack.filter((w) => w.customerId === flag.customerId && w.at > flag.flaggedAt).map((w) => w.at).sort()[0];
      const action = back === undefined ? 'lost' : back <= addDays(flag.flaggedAt, seller.falseAlarmDays) ? 'not-at-risk' : 'reach-out';
      return {
        source: SELLER_INPUT.source,
        'detail-type': SELLER_INPUT.detailType,
        time: addDays(flag.flaggedAt, 1),
        detail: { sellerId: flag.sellerId, customerId: flag.customerId, action, ...(action === 'lost' && { reason: 'other' as const }) },
      };
    });
}
