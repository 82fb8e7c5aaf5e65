import { type CustomerProfile, type RiskFlag, historyOf, profileStats } from '../purchase';
import { addDays } from '../time';
import { gapQuantile } from './regularity';
import { type RiskModel, atRiskDate, scoreCustomer, timingOf } from './score';
import { type CustomerSummary, WEEK_DAYS, appendSummary, daysSilentSince, summarise, toRfm } from './summary';

/**
 * How the stored model is used on live customers. A fit's threshold can be degenerate (when most
 * customers of the inner split lapsed, any score reaches the target precision), so two floors keep
 * flags meaningful: a minimum score, and a silence at least as long as the customer's own usual
 * interval and `minSilenceDays`. On the CDNOW calibration fit they change none of the 393 flags.
 */
export interface RiskPolicy {
  minScore: number;
  minSilenceDays: number;
}

/** What the daily check concluded about one customer at `now`. */
export interface RiskAssessment {
  atRisk: boolean;
  /** When silence becomes a risk if they buy nothing more; undefined when not within the model's search window. */
  atRiskAt?: string;
  score: number;
  /** The recalibrated chance of no order within the model's stated horizon: what the reason says. */
  chance: number;
  pAlive: number;
  rule: 'repeat-model' | 'one-time-buyer';
  /** Mean days between purchase days; undefined for a one-time buyer. */
  usualIntervalDays?: number;
  /** Whole days since the last purchase day. */
  daysSilent: number;
  spend: number;
  expectedValue: number;
  /** Expected order value × expected purchases in the stated horizon if they stay × the chance: what is lost if they go. */
  valueAtStake: number;
  occasions: number;
}

/** The model with the policy's floors on its threshold and on the one-time buyers' silence. */
export function withPolicy(model: RiskModel, policy: RiskPolicy): RiskModel {
  return {
    ...model,
    threshold: Math.max(model.threshold, policy.minScore),
    oneTimeBuyerWeeks: Math.max(model.oneTimeBuyerWeeks, policy.minSilenceDays / WEEK_DAYS),
  };
}

/** The model's summary of a profile's active orders, folded ones included; null without any. */
export function summaryOf(profile: Pick<CustomerProfile, 'customerId' | 'orders' | 'totals' | 'currency' | 'earlier'>): CustomerSummary | null {
  const recent = summarise(historyOf(profile).purchases, '9999-12-31');
  const earlier = profile.earlier?.summary;
  return earlier && recent ? appendSummary(earlier, recent) : (earlier ?? recent);
}

/** Mean days between purchase days; undefined for a one-time buyer. */
export function usualIntervalDays(summary: CustomerSummary): number | undefined {
  if (summary.occasions < 2) return undefined;
  const { x, tx } = toRfm(summary, summary.lastOrderAt);
  return (tx * WEEK_DAYS) / x;
}

// Share of a regular buyer's gaps that have ended by the silence after which they count as having missed their rhythm.
const MISSED_RHYTHM_QUANTILE = 0.9;

/**
 * Days of silence that are still within the customer's own rhythm. Memoryless buyers (k = 1): their
 * usual interval, as the BG/NBD's crossing takes care of the rest. Regular buyers (k > 1): the point by
 * which 90 % of Erlang-k gaps with their usual mean would have ended, e.g. 1.5 intervals at k = 4 and
 * 1.3 at k = 12, so a clockwork buyer is not flagged the day their next order is due.
 */
export function rhythmDays(model: RiskModel, summary: CustomerSummary): number | undefined {
  const usual = usualIntervalDays(summary);
  if (usual === undefined) return undefined;
  const { k } = timingOf(model);
  return k === 1 ? usual : gapQuantile(k, usual, MISSED_RHYTHM_QUANTILE);
}

/**
 * The instant a customer becomes at risk if they buy nothing more: the later of the model's
 * crossing date and their own rhythm (last purchase day + max(rhythm, minimum silence)).
 */
export function atRiskAt(model: RiskModel, policy: RiskPolicy, summary: CustomerSummary): string | undefined {
  const crossing = atRiskDate(withPolicy(model, policy), summary);
  if (crossing === null) return undefined;
  const rhythm = addDays(`${summary.lastOrderAt.slice(0, 10)}T00:00:00.000Z`, Math.max(rhythmDays(model, summary) ?? 0, policy.minSilenceDays));
  return crossing > rhythm ? crossing : rhythm;
}

/** Scores a customer at `now`; at risk exactly when `now` has reached their at-risk date, so intake and scorer agree. */
export function assessRisk(model: RiskModel, policy: RiskPolicy, summary: CustomerSummary, now: string): RiskAssessment {
  const due = atRiskAt(model, policy, summary);
  const risk = scoreCustomer(withPolicy(model, policy), summary, now);
  return {
    atRisk: due !== undefined && due <= now,
    atRiskAt: due,
    score: risk.score,
    chance: risk.chance,
    pAlive: risk.pAlive,
    rule: risk.rule,
    usualIntervalDays: usualIntervalDays(summary),
    daysSilent: daysSilentSince(summary.lastOrderAt, now),
    spend: summary.totalSpend,
    expectedValue: risk.expectedValue,
    valueAtStake: risk.valueAtStake,
    occasions: summary.occasions,
  };
}

/** The flag already covers the customer's current silence: nothing newer was ordered since it was raised. */
export function flagCoversSilence(profile: CustomerProfile): profile is CustomerProfile & { riskFlag: RiskFlag } {
  const { lastOrderAt } = profileStats(profile);
  return profile.riskFlag !== undefined && lastOrderAt !== undefined && profile.riskFlag.lastOrderAt >= lastOrderAt;
}

/**
 * The profile with its next risk check after its orders changed. The check only ever moves earlier:
 * moving it later would move the customer within the due index (two index writes per order), so a
 * check that comes too early finds the customer not yet at risk and moves it then. A customer whose
 * current silence is already flagged needs no check.
 */
export function scheduleRiskCheck(profile: CustomerProfile, atRisk: string | undefined): CustomerProfile {
  if (flagCoversSilence(profile)) return profile;
  const current = profile.riskDueAt;
  const next = current === undefined || (atRisk !== undefined && atRisk < current) ? atRisk : current;
  return next === current ? profile : { ...profile, riskDueAt: next };
}

const percent = (p: number): number => Math.round(p * 100);

/**
 * The flag's reason in words, for the seller and the report. The chance of no order splits into
 * "stopped buying" (1 − P(alive)) and "still a customer but pausing that long", so the two numbers a
 * seller reads always add up and the stated chance is never below the chance they stopped.
 */
export function riskReason(a: RiskAssessment, model: RiskModel): string {
  if (a.rule === 'one-time-buyer') {
    return `one order, ${a.daysSilent} days ago; most repeat buyers order again within ${Math.round(model.oneTimeBuyerWeeks * WEEK_DAYS)} days`;
  }
  const noOrder = percent(a.chance);
  const stopped = Math.min(noOrder, percent(1 - a.pAlive));
  const rhythm = timingOf(model).k > 1 ? 'regularly orders every' : 'usually orders every';
  return (
    `silent ${a.daysSilent} days, ${rhythm} ${Math.round(a.usualIntervalDays ?? 0)} days; ` +
    `${noOrder}% chance of no order in the next ${Math.round(model.statedHorizonWeeks ?? model.horizonWeeks)} weeks: ` +
    `${stopped}% that they have stopped buying, ${noOrder - stopped}% that they are still a customer but pause that long`
  );
}
