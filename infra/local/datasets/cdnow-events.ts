import type { OrderItem, OrderPlaced } from '../../../shared/contracts/events';
import { DetailType } from '../../../shared/contracts/events';
import type { InputEvent } from '../inputs';
import { toBusEvent } from '../event-capture';
import type { CdnowRow } from './cdnow';
import { pick, syntheticCustomer, unitHash } from './synthetic-customers';

/** Turns an order value into the order's lines; `seed` is `<customerId>:<orderId>`. */
export type ItemDeriver = (orderValue: number, seed: string) => OrderItem[];

/**
 * CDNOW rows as `Order Placed` events: one order per customer and day (the data's purchase occasion),
 * placed at a deterministic time of that day, US Eastern (CDNOW was a US store).
 */
export function cdnowOrderEvents(rows: CdnowRow[], { source, sellerIds, items }: { source: string; sellerIds: readonly string[]; items: ItemDeriver }): InputEvent[] {
  const occasions = new Map<string, { row: CdnowRow; dollars: number }>();
  for (const row of rows) {
    const key = `${row.customerId}|${row.date}`;
    const seen = occasions.get(key);
    if (seen) seen.dollars += row.dollars;
    else occasions.set(key, { row, dollars: row.dollars });
  }
  return [...occasions.values()].map(({ row, dollars }) => {
    const orderId = `cdnow-${row.customerId}-${row.date.replaceAll('-', '')}`;
    const total = Math.round(dollars * 100) / 100;
    const detail: OrderPlaced = {
      orderId,
      placedAt: `${row.date}T${pick(HOURS, `hour:${orderId}`)}:${String(Math.floor(unitHash(`min:${orderId}`) * 60)).padStart(2, '0')}:00-05:00`,
      customer: syntheticCustomer(row.customerId, sellerIds),
      currency: 'USD',
      total,
      items: items(total, `${row.customerId}:${orderId}`),
    };
    return { event: toBusEvent(source, DetailType.OrderPlaced, new Date(detail.placedAt).toISOString(), detail) };
  });
}

const HOURS = ['09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20'];
