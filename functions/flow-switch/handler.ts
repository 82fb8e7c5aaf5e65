import { makeDynamoFlowSwitches } from '../../shared/adapters/dynamodb/flow-switches';
import { DetailType, FlowSwitched } from '../../shared/contracts/events';
import { onEvents, route } from '../../shared/runtime/handler';
import { recordFlowSwitch } from './record-flow-switch';

/** Flow switch: records an operator's `Flow Switched` (`npm run flow`), which the dispatcher and the digest read within a minute. */
export const handler = onEvents({
  [DetailType.FlowSwitched]: route(FlowSwitched, (change, { runtime }) => recordFlowSwitch(change, { switches: makeDynamoFlowSwitches(runtime) }), ['at']),
});
