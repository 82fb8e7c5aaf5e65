import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { intakeOrder } from '../functions/order-intake/intake-order';
import { CapacityMeter } from '../shared/adapters/dynamodb/capacity';
import { makeDynamoCustomerStore } from '../shared/adapters/dynamodb/customer-store';
import { loadConfigFile } from '../shared/config/config-file';
import type { OrderPlaced } from '../shared/contracts/events';
import { PRIOR_RISK_MODEL } from '../shared/domain/risk/prior';
import { KeyedQueue } from '../infra/local/key-queue';
import type { InputEvent } from '../infra/local/inputs';

/**
 * Capacity units the intake consumes per `Order Placed`, as DynamoDB reports them (`ReturnConsumedCapacity`),
 * with at-risk scheduling on as shipped (the prior model: the intake reads the fitted one at most hourly).
 */
export async function intakeUnits(client: DynamoDBClient, tableName: string, inputs: InputEvent[]): Promise<{ orders: number; writeUnits: number; readUnits: number }> {
  const meter = new CapacityMeter();
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const customers = makeDynamoCustomerStore({ doc, tableName, meter });
  const events = { publish: async () => undefined };
  const risk = { model: async () => PRIOR_RISK_MODEL, policy: loadConfigFile().risk };
  const queue = new KeyedQueue(16);
  for (const { event } of inputs) {
    const order = event.detail as OrderPlaced;
    queue.submit(order.customer.id, async () => {
      await intakeOrder(order, { customers, events, now: event.time, risk });
    });
  }
  await queue.drain();
  return { orders: inputs.length, writeUnits: meter.units.write / inputs.length, readUnits: meter.units.read / inputs.length };
}
