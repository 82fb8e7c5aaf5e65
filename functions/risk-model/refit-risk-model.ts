import { dayOf } from '../../shared/domain/risk/summary';
import { fitSample } from '../../shared/domain/risk/fit-sample';
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

/**
 * The most customers one fit uses. `npm run bench:risk-fit` measured 119 s for 100k customers (1.2 ms
 * each, growing linearly): 400k take about 8 minutes, inside one Lambda run's 15 with room for reading
 * the profiles; a larger base is fitted on a stable hashed sample of this size.
 */
export const MAX_FIT_CUSTOMERS = 400_000;

/** Whether the refit stored a new model or kept the one there (counts, so replays can add them up). */
export type RefitResult = Record<'fitted' | 'kept', number>;

/**
 * Refits the at-risk model on every customer's history up to yesterday (whole days only; beyond
 * `MAX_FIT_CUSTOMERS`, on a hashed sample) and stores it. With too few repeat customers the stored model (or, before the first fit, the prior) stays.
 */
export async function refitRiskModel({ histories, models, minRepeatCustomers, now }: RefitDeps): Promise<RefitResult> {
  const [all, previous] = await Promise.all([histories.all(), models.latest()]);
  const calibrationEnd = dayOf(addDays(now, -1));
  const readiness = fitReadiness(all, calibrationEnd, minRepeatCustomers);
  if (!readiness.ready) return { fitted: 0, kept: 1 };
  // Last week's parameters are next to this week's optimum: one start instead of several halves the fit.
  const model = fitRiskModel(fitSample(all, MAX_FIT_CUSTOMERS), calibrationEnd, { warmStart: previous?.model.bgnbd, warmRegularity: previous?.model.regularity });
  await models.save({ model, fittedOn: now, customers: all.length, repeatCustomers: readiness.repeatCustomers });
  return { fitted: 1, kept: 0 };
}
