import { DetailType, type CustomerAtRisk } from '../../shared/contracts/events';
import type { FlagRecord } from '../../shared/domain/digest';
import { planWinBack } from '../../shared/domain/outreach';
import type { CustomerProfile, RiskFlag } from '../../shared/domain/purchase';
import { riskReason, type RiskAssessment } from '../../shared/domain/risk/assess';
import { checkDueCustomer, type DueCheckRules } from '../../shared/domain/risk/due-check';
import type { CustomerStore, EventPublisher, OutreachQueue, RiskSchedule, SellerDesk } from '../../shared/ports';
import { tallyOutcomes } from '../../shared/concurrency/in-groups';
import { updateProfile, type PrefetchedProfile } from '../../shared/use-cases/update-profile';
import { snapshot } from '../../shared/use-cases/order-snapshot';

/** Ports and settings of one scorer run; `now` is the scheduled time. */
export interface ScoreDeps extends DueCheckRules {
  schedule: RiskSchedule;
  customers: CustomerStore;
  desk: SellerDesk;
  queue: OutreachQueue;
  events: EventPublisher;
  winBackGraceDays: number;
  /** Told about a customer whose check failed unexpectedly (they stay due and are checked again next run). */
  onError?: (error: unknown) => void;
}

/** What one run did with the customers it found due. */
export type ScoreCounts = Record<'flagged' | 'rescheduled' | 'unscheduled' | 'not-due' | 'errored', number>;

/**
 * Due customers whose profiles are read together: one BatchGetItem (its most keys) instead of a
 * GetItem each. The reads are consistent and the writes conditional on their version, so a profile
 * that changes after the page was read only costs that customer a re-read.
 */
const PAGE = 100;

/**
 * The daily at-risk job. Reads only the customers whose check is due (the due index), re-checks each
 * on their current profile (read 100 at a time) with the current model, and either moves the check
 * (they are not at risk yet, e.g. they ordered since) or flags them: flag on the profile first (the claim), then the
 * win-back step after the grace period, the `Customer At Risk` event and the seller's flag record;
 * last, the customer leaves the index. A run that fails part-way finds its claimed customers still due
 * and finishes them (the event may then be published twice; consumers take it at least once).
 */
export async function scoreAtRiskCustomers(deps: ScoreDeps): Promise<ScoreCounts> {
  const counts: ScoreCounts = { flagged: 0, rescheduled: 0, unscheduled: 0, 'not-due': 0, errored: 0 };
  const due = await deps.schedule.due(deps.now);
  for (let i = 0; i < due.length; i += PAGE) {
    const page = due.slice(i, i + PAGE);
    const profiles = await deps.customers.getProfiles(page);
    await tallyOutcomes(page, (customerId) => checkCustomer(customerId, { profile: profiles.get(customerId) }, deps), counts, { onError: deps.onError });
  }
  return counts;
}

async function checkCustomer(customerId: string, read: PrefetchedProfile, deps: ScoreDeps): Promise<keyof ScoreCounts> {
  const check = await updateProfile(deps.customers, customerId, (profile) => checkDueCustomer(profile, deps), read);
  if (check.kind !== 'flag') return check.kind;
  await announce(check.profile, check.assessment, deps);
  return 'flagged';
}

/** The flag's consequences, each safe to repeat; the customer leaves the due index last. */
async function announce(profile: CustomerProfile & { riskFlag: RiskFlag; riskDueAt: string }, assessment: RiskAssessment, deps: ScoreDeps): Promise<void> {
  const { riskFlag: flag, customerId } = profile;
  const order = await deps.customers.getOrder(customerId, flag.lastOrderId);
  // The order behind the silence can only be missing if it was cancelled after the flag; the next order reschedules.
  if (order) await deps.queue.enqueue([planWinBack({ customerId, ...flag }, { lastOrder: snapshot(order) }, deps.winBackGraceDays)]);
  const detail: CustomerAtRisk = {
    customerId,
    sellerId: flag.sellerId,
    flaggedAt: flag.flaggedAt,
    score: flag.score,
    chance: assessment.chance,
    pAlive: assessment.pAlive,
    usualIntervalDays: assessment.usualIntervalDays,
    daysSilent: assessment.daysSilent,
    value: assessment.spend,
    expectedValue: assessment.expectedValue,
    valueAtStake: assessment.valueAtStake,
    currency: profile.currency,
    rule: assessment.rule,
    reason: riskReason(assessment, deps.model),
    lastOrderId: flag.lastOrderId,
    lastOrderAt: flag.lastOrderAt,
  };
  await deps.events.publish([{ detailType: DetailType.CustomerAtRisk, detail, time: deps.now }]);
  const record: FlagRecord = {
    sellerId: flag.sellerId,
    customerId,
    customerName: profile.name,
    contact: { email: profile.email, ...(profile.phone && { phone: profile.phone }), ...(profile.company && { company: profile.company }) },
    flaggedAt: flag.flaggedAt,
    score: flag.score,
    value: detail.value,
    expectedValue: detail.expectedValue,
    valueAtStake: detail.valueAtStake,
    currency: detail.currency,
    usualIntervalDays: detail.usualIntervalDays,
    occasions: assessment.occasions,
    lastOrder: { orderId: flag.lastOrderId, placedAt: flag.lastOrderAt, items: (order?.items ?? []).map(({ name, quantity }) => ({ name, quantity })) },
    reason: detail.reason,
  };
  await deps.desk.recordFlag(record);
  await deps.schedule.settle(customerId, profile.riskDueAt);
}
