import { dayOf } from '../../shared/domain/risk/summary';
import { fitReadiness } from '../../shared/domain/risk/readiness';
import { fitRiskModel } from '../../shared/domain/risk/score';
import { addDays } from '../../shared/domain/time';
import type { PurchaseHistories, RiskModelStore } from '../../shared/ports';

/** Ports and settings of the weekly refit; `now` is the scheduled time. */
export interface RefitDeps {
  histories: PurchaseHistories;
  models: RiskModelStore;
  minRepeatCustomers: number;
  now: string;
}

/** Whether the refit stored a new model or kept the one there (counts, so replays can add them up). */
export type RefitResult = Record<'fitted' | 'kept', number>;

/**
 * Refits the at-risk model on every customer's history up to yesterday (whole days only) and stores
 * it. With too few repeat customers the stored model (or, before the first fit, the prior) stays.
 */
export async function refitRiskModel({ histories, models, minRepeatCustomers, now }: RefitDeps): Promise<RefitResult> {
  const [all, previous] = await Promise.all([histories.all(), models.latest()]);
  const calibrationEnd = dayOf(addDays(now, -1));
  const readiness = fitReadiness(all, calibrationEnd, minRepeatCustomers);
  if (!readiness.ready) return { fitted: 0, kept: 1 };
  // Last week's parameters are next to this week's optimum: one start instead of several halves the fit.
  const model = fitRiskModel(all, calibrationEnd, { warmStart: previous?.model.bgnbd, warmRegularity: previous?.model.regularity });
  await models.save({ model, fittedOn: now, customers: all.length, repeatCustomers: readiness.repeatCustomers });
  return { fitted: 1, kept: 0 };
}
