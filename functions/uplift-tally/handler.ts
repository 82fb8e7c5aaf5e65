import { makeDynamoUpliftTotals } from '../../shared/adapters/dynamodb/uplift-totals';
import { ConversionAttributed, DetailType, OutreachSent, OutreachSkipped } from '../../shared/contracts/events';
import { onEvents, route, type RunContext } from '../../shared/runtime/handler';
import { tallyUplift, type TallyDeps } from './tally-uplift';

/** The uplift tally's ports on a runtime. */
export const tallyDeps = ({ runtime, now }: RunContext): TallyDeps => ({ totals: makeDynamoUpliftTotals(runtime), now });

/** Uplift tally: keeps each flow's running totals of mailed and held-out touches, conversions and revenue. */
export const handler = onEvents({
  [DetailType.OutreachSent]: route(OutreachSent, (detail, context) => tallyUplift(DetailType.OutreachSent, detail, tallyDeps(context))),
  [DetailType.OutreachSkipped]: route(OutreachSkipped, (detail, context) => tallyUplift(DetailType.OutreachSkipped, detail, tallyDeps(context))),
  [DetailType.ConversionAttributed]: route(ConversionAttributed, (detail, context) => tallyUplift(DetailType.ConversionAttributed, detail, tallyDeps(context))),
});
