import { DAY_MS } from '../time';
import { RISK_FIT_DEFAULTS } from './score';
import { type CustomerHistory, WEEK_DAYS, purchaseDays } from './summary';

/** Whether a history supports a fit, and the counts that decided it. */
export interface FitReadiness {
  ready: boolean;
  /** Customers with a repeat purchase by the calibration end. */
  repeatCustomers: number;
  /** Customers with a repeat purchase before the inner holdout that labels the score's adjustment. */
  innerRepeatCustomers: number;
}

/**
 * A fit needs `minRepeatCustomers` repeat customers before the inner holdout (the last
 * `innerHoldoutWeeks` of the calibration): they are what the adjustment and the threshold learn from.
 */
export function fitReadiness(histories: readonly CustomerHistory[], calibrationEnd: string, minRepeatCustomers: number): FitReadiness {
  const innerCut = new Date(Date.parse(calibrationEnd) - RISK_FIT_DEFAULTS.innerHoldoutWeeks * WEEK_DAYS * DAY_MS).toISOString().slice(0, 10);
  const repeatersBy = (day: string) => histories.filter((h) => purchaseDays(h.purchases, day).length > 1).length;
  const innerRepeatCustomers = repeatersBy(innerCut);
  return { ready: innerRepeatCustomers >= minRepeatCustomers, repeatCustomers: repeatersBy(calibrationEnd), innerRepeatCustomers };
}
