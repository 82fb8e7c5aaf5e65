import { makeDynamoUpliftTotals } from '../../shared/adapters/dynamodb/uplift-totals';
import { ConversionAttributed, DetailType, OutreachSent, OutreachSkipped } from '../../shared/contracts/events';
import { onEvents, route } from '../../shared/runtime/handler';
import { tallyUplift } from './tally-uplift';

/** Uplift tally: keeps each flow's running totals of mailed and held-out touches, conversions and revenue. */
export const handler = onEvents({
  [DetailType.OutreachSent]: route(OutreachSent, (detail, { runtime, now }) => tallyUplift(DetailType.OutreachSent, detail, { totals: makeDynamoUpliftTotals(runtime), now })),
  [DetailType.OutreachSkipped]: route(OutreachSkipped, (detail, { runtime, now }) => tallyUplift(DetailType.OutreachSkipped, detail, { totals: makeDynamoUpliftTotals(runtime), now })),
  [DetailType.ConversionAttributed]: route(ConversionAttributed, (detail, { runtime, now }) =>
    tallyUplift(DetailType.ConversionAttributed, detail, { totals: makeDynamoUpliftTotals(runtime), now }),
  ),
});
