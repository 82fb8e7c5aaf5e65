import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { updateCoPurchase } from '../functions/upserve-model/update-co-purchase';
import { CapacityMeter } from '../shared/adapters/dynamodb/capacity';
import { makeDynamoCoPurchaseStore } from '../shared/adapters/dynamodb/co-purchase-store';
import type { UpserveConfig } from '../shared/config/upserve';
import type { OrderPlaced } from '../shared/contracts/events';
import { dayOf } from '../shared/domain/upserve/nightly';
import { addDays, toUtc } from '../shared/domain/time';
import { inGroups } from '../shared/concurrency/in-groups';
import type { InputEvent } from '../infra/local/inputs';

/** Capacity units per new order of the up-serve order log (written by the planner) and of the nightly model job. */
export interface ModelUnits {
  orders: number;
  nights: number;
  logWriteUnits: number;
  modelReadUnits: number;
  modelWriteUnits: number;
}

/**
 * Logs every order as the up-serve planner does, day by day, and runs the model job each night at its
 * scheduled time, metering both with `ReturnConsumedCapacity`; units are divided by the orders.
 */
export async function upserveModelUnits(client: DynamoDBClient, tableName: string, inputs: InputEvent[], config: UpserveConfig): Promise<ModelUnits> {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const logMeter = new CapacityMeter();
  const modelMeter = new CapacityMeter();
  const log = makeDynamoCoPurchaseStore({ doc, tableName, meter: logMeter });
  const store = makeDynamoCoPurchaseStore({ doc, tableName, meter: modelMeter });
  const byDay = new Map<string, InputEvent[]>();
  for (const input of inputs) {
    const day = dayOf(input.event.time);
    byDay.get(day)?.push(input) ?? byDay.set(day, [input]);
  }
  let nights = 0;
  for (const [day, events] of byDay) {
    await inGroups(events, ({ event }) => {
      const order = event.detail as OrderPlaced;
      const skus = [...new Set(order.items.map((i) => i.sku))];
      return log.logOrder(day, { customerId: order.customer.id, orderId: order.orderId, placedAt: toUtc(order.placedAt), skus });
    });
    // The nightly run after the day has settled, as the schedule fires it.
    await updateCoPurchase({ store, config, now: addDays(`${day}T02:30:00.000Z`, 1) });
    nights++;
  }
  const per = (units: number) => units / inputs.length;
  return {
    orders: inputs.length,
    nights,
    logWriteUnits: per(logMeter.units.write),
    modelReadUnits: per(modelMeter.units.read),
    modelWriteUnits: per(modelMeter.units.write),
  };
}
