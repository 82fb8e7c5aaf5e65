import type { LostReason, SellerAction, SkipReason } from '../contracts/events';
import { addDays } from './time';

/** A seller's action on a flag, as stored under the seller and announced. */
export interface ActionRecord {
  sellerId: string;
  customerId: string;
  flaggedAt: string;
  action: SellerAction;
  at: string;
  reason?: LostReason;
}

/** What an action does to the customer's waiting win-back: move it to this instant, or end it for this reason. */
export type WinBackEffect = { dueAt: string; onlyLater: boolean } | { skip: SkipReason };

/**
 * Reaching out holds the win-back back until `reachOutWaitDays` after the action (never earlier than
 * it was due); "send now" makes it due at once, within the usual respect rules; "not at risk" and
 * "lost" end it.
 */
export function effectOf(action: SellerAction, at: string, reachOutWaitDays: number): WinBackEffect {
  switch (action) {
    case 'reach-out':
      return { dueAt: addDays(at, reachOutWaitDays), onlyLater: true };
    case 'send-win-back-now':
      return { dueAt: at, onlyLater: false };
    case 'not-at-risk':
      return { skip: 'seller-not-at-risk' };
    case 'lost':
      return { skip: 'seller-marked-lost' };
  }
}

/** How the seller's page names each action. */
export const ACTION_LABELS: Record<SellerAction, string> = {
  'reach-out': "I'll reach out",
  'send-win-back-now': 'Send the win-back now',
  'not-at-risk': 'Not at risk',
  lost: 'Lost',
};

/** How often a seller's judgement agreed with the flags: the model's precision as the people who know the customers measure it. */
export interface FlagPrecision {
  /** A seller's id, or `(all)` for every seller together. */
  sellerId: string;
  flags: number;
  /** Flags the seller acted on at all: the ones they judged. */
  judged: number;
  /** Judged flags marked "not at risk". */
  falseAlarms: number;
  /** (judged − false alarms) / judged; null while nothing is judged. */
  precision: number | null;
}

/** Per seller (by id) and overall: of the flags each seller acted on, the share they did not mark "not at risk". */
export function precisionBySeller(flags: readonly { sellerId: string; customerId: string; flaggedAt: string }[], actions: readonly ActionRecord[]): FlagPrecision[] {
  const flagKey = (f: { customerId: string; flaggedAt: string }) => `${f.customerId}\u0000${f.flaggedAt}`;
  const judged = new Set(actions.map(flagKey));
  const falseAlarms = new Set(actions.filter((a) => a.action === 'not-at-risk').map(flagKey));
  const figuresOf = (sellerId: string, own: readonly { customerId: string; flaggedAt: string }[]): FlagPrecision => {
    const ownJudged = own.filter((f) => judged.has(flagKey(f))).length;
    const ownFalse = own.filter((f) => falseAlarms.has(flagKey(f))).length;
    return { sellerId, flags: own.length, judged: ownJudged, falseAlarms: ownFalse, precision: ownJudged ? (ownJudged - ownFalse) / ownJudged : null };
  };
  // A flag announced twice (at least once) is one flag.
  const unique = [...new Map(flags.map((f) => [flagKey(f), f])).values()];
  const sellers = [...new Set(unique.map((f) => f.sellerId))].sort();
  return [...sellers.map((id) => figuresOf(id, unique.filter((f) => f.sellerId === id))), figuresOf('(all)', unique)];
}
