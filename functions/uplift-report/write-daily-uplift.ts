import type { OutreachFlow } from '../../shared/contracts/events';
import { flowUplift, type FlowUplift } from '../../shared/domain/measure/uplift';
import type { UpliftTotals } from '../../shared/ports';

const FLOWS: readonly OutreachFlow[] = ['second-sale', 'upserve', 'win-back'];

/** What the daily uplift job needs; `now` is the scheduled time. */
export interface DailyUpliftDeps {
  totals: UpliftTotals;
  now: string;
}

/** Reads the flows' running totals (three items, no scan), computes each flow's uplift with its interval, and stores it for the day. */
export async function writeDailyUplift({ totals, now }: DailyUpliftDeps): Promise<FlowUplift[]> {
  const byFlow = await totals.totals(FLOWS);
  const uplift = FLOWS.map((flow) => {
    const { mailed, holdout } = byFlow.get(flow)!;
    return flowUplift(flow, mailed, holdout);
  });
  await totals.saveUplift(now.slice(0, 10), uplift, now);
  return uplift;
}
