import type { FlowSwitched } from '../../shared/contracts/events';
import type { FlowSwitches } from '../../shared/ports';

/** What became of a switch: recorded, or a switch as late or later was there already (out of order, or delivered twice). */
export type SwitchResult = 'recorded' | 'superseded';

/** Records an operator's pause or resume of a flow, where the dispatcher and the digest read it. */
export async function recordFlowSwitch(change: FlowSwitched, { switches }: { switches: FlowSwitches }): Promise<SwitchResult> {
  return (await switches.record(change)) ? 'recorded' : 'superseded';
}
