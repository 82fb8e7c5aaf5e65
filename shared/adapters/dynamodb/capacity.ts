import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

/** Adds up capacity units reported with `ReturnConsumedCapacity: 'TOTAL'`, split into reads and writes. */
export class CapacityMeter {
  readonly units = { read: 0, write: 0 };

  /** Records what one call consumed (a transaction reports a list). */
  add(kind: 'read' | 'write', consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
    for (const c of [consumed ?? []].flat()) this.units[kind] += c.CapacityUnits ?? 0;
  }
}
