import { makeDynamoFlowSwitches } from '../../shared/adapters/dynamodb/flow-switches';
import { DetailType, FlowSwitched } from '../../shared/contracts/events';
import { onEvents, route, type RunContext } from '../../shared/runtime/handler';
import { recordFlowSwitch } from './record-flow-switch';

/** The flow switch's ports on a runtime. */
export const flowSwitchDeps = ({ runtime }: RunContext) => ({ switches: makeDynamoFlowSwitches(runtime) });

/** Flow switch: records an operator's `Flow Switched` (`npm run flow`), which the dispatcher and the digest read within a minute. */
export const handler = onEvents({
  [DetailType.FlowSwitched]: route(FlowSwitched, (change, context) => recordFlowSwitch(change, flowSwitchDeps(context)), ['at']),
});
