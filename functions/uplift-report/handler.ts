import { makeDynamoUpliftTotals } from '../../shared/adapters/dynamodb/uplift-totals';
import { onSchedule } from '../../shared/runtime/handler';
import { writeDailyUplift } from './write-daily-uplift';

/** Daily uplift: writes each flow's uplift with its interval, for the dashboard and summaries to read. */
export const handler = onSchedule(async (_invocation, { runtime, now }) => {
  const uplift = await writeDailyUplift({ totals: makeDynamoUpliftTotals(runtime), now });
  return Object.fromEntries(uplift.map((u) => [u.flow, u.mailed.n + u.holdout.n]));
});
