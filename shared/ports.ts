import type { OrderPlaced } from './contracts/events';
import type { CustomerProfile } from './domain/purchase';

/** An event to put on our bus. */
export interface OutgoingEvent {
  detailType: string;
  detail: object;
  /** Event time: the business time it describes (virtual clock locally). */
  time: string;
}

/** Publishes our own events (EventBridge in AWS). */
export interface EventPublisher {
  publish(events: OutgoingEvent[]): Promise<void>;
}

/** How storing an order went: new, already stored, or already cancelled before it arrived. */
export type OrderRecordResult = 'recorded' | 'exists' | 'cancelled';

/** Customers' profiles and orders. */
export interface CustomerStore {
  /** Stores the order once; a second call reports what is there. */
  recordOrder(order: OrderPlaced): Promise<OrderRecordResult>;
  /** Marks the order cancelled, storing a tombstone when the order has not arrived yet. */
  markOrderCancelled(customerId: string, orderId: string, cancelledAt: string): Promise<void>;
  /** The profile, read consistently, or undefined for a new customer. */
  getProfile(customerId: string): Promise<CustomerProfile | undefined>;
  /** Writes the profile if nobody else did since it was read (its `version`); false on a lost race. */
  saveProfile(profile: CustomerProfile): Promise<boolean>;
}
