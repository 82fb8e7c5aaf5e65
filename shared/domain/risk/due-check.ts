import { sellerFor } from '../digest';
import { profileStats, type CustomerProfile, type RiskFlag } from '../purchase';
import { assessRisk, flagCoversSilence, summaryOf, type RiskAssessment, type RiskPolicy } from './assess';
import type { RiskModel } from './score';

/** What checking one due customer decided. */
export type DueCheck =
  | { kind: 'not-due' | 'rescheduled' | 'unscheduled' }
  | { kind: 'flag'; profile: CustomerProfile & { riskFlag: RiskFlag; riskDueAt: string }; assessment: RiskAssessment };

/** What the check weighs a customer against; `now` is the scorer's run time. */
export interface DueCheckRules {
  model: RiskModel;
  policy: RiskPolicy;
  sellers: { defaultSellerId: string; directory: readonly { id: string }[] };
  now: string;
}

/** What to do with a customer found due, and the profile to write for it (none: nothing changes). */
export function checkDueCustomer(profile: CustomerProfile | undefined, { model, policy, sellers, now }: DueCheckRules): { profile?: CustomerProfile; result: DueCheck } {
  // The index is read eventually consistently: a customer whose check moved since is simply not due.
  if (!profile?.riskDueAt || profile.riskDueAt > now) return { result: { kind: 'not-due' } };
  const summary = summaryOf(profile);
  if (!summary) return { profile: { ...profile, riskDueAt: undefined }, result: { kind: 'unscheduled' } };
  const assessment = assessRisk(model, policy, summary, now);
  // Flagged by an earlier run that did not finish: finish it, without a second claim.
  if (flagCoversSilence(profile)) return { result: { kind: 'flag', profile: { ...profile, riskDueAt: profile.riskDueAt }, assessment } };
  if (!assessment.atRisk) {
    const kind = assessment.atRiskAt ? 'rescheduled' : 'unscheduled';
    return { profile: { ...profile, riskDueAt: assessment.atRiskAt }, result: { kind } };
  }
  const { lastOrderId, lastOrderAt } = profileStats(profile);
  const riskFlag: RiskFlag = { flaggedAt: now, lastOrderId: lastOrderId!, lastOrderAt: lastOrderAt!, sellerId: sellerFor(profile.sellerId, sellers), score: assessment.score };
  const flagged = { ...profile, riskFlag, riskDueAt: profile.riskDueAt };
  return { profile: flagged, result: { kind: 'flag', profile: flagged, assessment } };
}
