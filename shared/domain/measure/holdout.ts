import { createHash } from 'node:crypto';
import type { OutreachFlow } from '../../contracts/events';

/** How the holdout groups are drawn: a share per flow and the salt of the hash. */
export interface HoldoutRule {
  share: number;
  salt: string;
  flows: Partial<Record<OutreachFlow, number>>;
}

/**
 * True when the customer belongs to the flow's holdout group. Membership is a pure function of the
 * customer id, the flow and the salt, so it is the same in every retry, replay and deployment; the
 * groups of different flows are drawn independently.
 */
export function isHeldOut(customerId: string, flow: OutreachFlow, rule: HoldoutRule): boolean {
  const share = rule.flows[flow] ?? rule.share;
  if (share <= 0) return false;
  const digest = createHash('sha256').update(`${rule.salt}\u0000${flow}\u0000${customerId}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32 < share;
}
