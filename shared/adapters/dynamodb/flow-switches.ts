import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SwitchableFlow } from '../../contracts/events';
import type { FlowSwitch, FlowSwitches } from '../../ports';
import type { DynamoDeps } from './client';
import { conditionHeld } from './conditional';
import { FLOW_SWITCHES_KEY } from './keys';

/**
 * {@link FlowSwitches} as one item with an attribute per flow (`second-sale: { paused, at }`): each
 * flow's switch is written on its own, only over an older one, so switches delivered out of order
 * or twice leave the latest in place. `at` is stored as an ISO instant in UTC, so strings compare as times.
 */
export function makeDynamoFlowSwitches({ doc, tableName }: DynamoDeps): FlowSwitches {
  return {
    record: ({ flow, paused, at }) =>
      conditionHeld(
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: FLOW_SWITCHES_KEY,
            UpdateExpression: 'SET #type = :type, #flow = :switch',
            ConditionExpression: 'attribute_not_exists(#flow) OR #flow.#at < :at',
            ExpressionAttributeNames: { '#type': 'type', '#flow': flow, '#at': 'at' },
            ExpressionAttributeValues: { ':type': 'flow-switches', ':switch': { paused, at: new Date(at).toISOString() }, ':at': new Date(at).toISOString() },
          }),
        ),
      ),

    async current() {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: FLOW_SWITCHES_KEY }));
      return Object.fromEntries(SwitchableFlow.options.flatMap((flow) => (Item?.[flow] ? [[flow, Item[flow] as FlowSwitch]] : [])));
    },
  };
}
