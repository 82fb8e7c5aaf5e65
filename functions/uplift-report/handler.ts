import { makeDynamoUpliftTotals } from '../../shared/adapters/dynamodb/uplift-totals';
import type { FlowUplift } from '../../shared/domain/measure/uplift';
import { onSchedule, type RunContext } from '../../shared/runtime/handler';
import { gauge, UpliftGauge } from '../../shared/runtime/metrics';
import { writeDailyUplift, type DailyUpliftDeps } from './write-daily-uplift';

/** The daily uplift job's ports on a runtime. */
export const dailyUpliftDeps = ({ runtime, now }: RunContext): DailyUpliftDeps => ({ totals: makeDynamoUpliftTotals(runtime), now });

/** Daily uplift: writes each flow's uplift with its interval, for the dashboard and summaries to read. */
export const handler = onSchedule(async (_invocation, context) => {
  const uplift = await writeDailyUplift(dailyUpliftDeps(context));
  uplift.forEach(recordUplift);
  return Object.fromEntries(uplift.map((u) => [u.flow, u.mailed.n + u.holdout.n]));
});

/** The day's uplift of a flow as metrics, once both groups have customers to compare. */
function recordUplift({ flow, uplift, ci, minDetectable }: FlowUplift): void {
  const dimensions = { flow };
  if (uplift !== null) gauge(UpliftGauge.Uplift, uplift * 100, dimensions);
  if (ci) {
    gauge(UpliftGauge.UpliftCiLow, ci[0] * 100, dimensions);
    gauge(UpliftGauge.UpliftCiHigh, ci[1] * 100, dimensions);
  }
  if (minDetectable !== null) gauge(UpliftGauge.MinDetectableUplift, minDetectable * 100, dimensions);
}
