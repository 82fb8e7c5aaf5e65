import type { ConversionAttributed, DetailType, OutreachSent, OutreachSkipped } from '../../shared/contracts/events';
import { tallyIncrements } from '../../shared/domain/measure/tally';
import type { UpliftTotals } from '../../shared/ports';

/** What counting one event needs; `now` is the event's time. */
export interface TallyDeps {
  totals: UpliftTotals;
  now: string;
}

/** Adds a sent, held-out or converted touch to its flow's running totals, once however often the event arrives. */
export async function tallyUplift(detailType: DetailType, detail: OutreachSent | OutreachSkipped | ConversionAttributed, deps: TallyDeps): Promise<{ counted: number; repeated: number }> {
  const added = await Promise.all(tallyIncrements(detailType, detail).map((increment) => deps.totals.add(increment, deps.now)));
  return { counted: added.filter(Boolean).length, repeated: added.filter((a) => !a).length };
}
