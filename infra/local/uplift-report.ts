import { DetailType, type ConversionAttributed, type OutreachFlow, type OutreachSent, type OutreachSkipped } from '../../shared/contracts/events';
import { CONVERTING_KINDS, touchKey } from '../../shared/domain/measure/attribution';
import { flowUplift, type FlowUplift, type GroupOutcome } from '../../shared/domain/measure/uplift';
import type { BusEvent } from '../../shared/runtime/handler';

const FLOWS: readonly OutreachFlow[] = ['second-sale', 'upserve', 'win-back'];

/** One group of a flow while counting: its touches (emails sent or held out), those that converted, and their attributed revenue. */
interface Group {
  touches: Set<string>;
  converted: Set<string>;
  revenue: number;
}

const emptyGroup = (): Group => ({ touches: new Set(), converted: new Set(), revenue: 0 });
const outcome = ({ touches, converted, revenue }: Group): GroupOutcome => ({ n: touches.size, converted: converted.size, revenue: Math.round(revenue * 100) / 100 });

/**
 * Uplift per flow from the replay's events: converting emails sent against held-out steps of the flow
 * (one per customer and sequence: the second-order invitation, a win-back, an up-serve email), each
 * converted when an order was attributed to it.
 */
export function upliftByFlow(events: readonly BusEvent[]): FlowUplift[] {
  const groups = new Map(FLOWS.map((flow) => [flow, { mailed: emptyGroup(), holdout: emptyGroup() }]));
  for (const { 'detail-type': type, detail } of events) {
    if (type === DetailType.OutreachSent) {
      const sent = detail as OutreachSent;
      if (CONVERTING_KINDS.has(sent.kind)) groups.get(sent.flow)?.mailed.touches.add(touchKey(sent));
    } else if (type === DetailType.OutreachSkipped) {
      const skipped = detail as OutreachSkipped;
      if (skipped.reason === 'holdout' && CONVERTING_KINDS.has(skipped.kind)) groups.get(skipped.flow)?.holdout.touches.add(touchKey(skipped));
    } else if (type === DetailType.ConversionAttributed) {
      const { flow, revenue, holdout, ...conversion } = detail as ConversionAttributed;
      const group = groups.get(flow)?.[holdout ? 'holdout' : 'mailed'];
      group?.converted.add(touchKey({ ...conversion, flow }));
      if (group) group.revenue += revenue;
    }
  }
  return FLOWS.map((flow) => {
    const { mailed, holdout } = groups.get(flow)!;
    return flowUplift(flow, outcome(mailed), outcome(holdout));
  });
}
