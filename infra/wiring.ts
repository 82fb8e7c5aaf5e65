import { DetailType, LOYALTY_SOURCE } from '../shared/contracts/events';
import type { LoyaltyConfig } from '../shared/config/schema';
import type { Schedule } from '../shared/config/schedule';

/** Where a triggering event comes from: the shop's order source, our own bus, or SES feedback. */
export type EventOrigin = 'orders' | 'loyalty' | 'ses';

/** What invokes a function. */
export type Trigger =
  | { kind: 'event'; origin: EventOrigin; detailTypes: string[] }
  | { kind: 'schedule'; name: string; schedule: Schedule; input?: Record<string, unknown> }
  | { kind: 'url' };

/** One function: its folder under `functions/`, what triggers it and what it may touch. */
export interface FunctionWiring {
  id: string;
  description: string;
  triggers: Trigger[];
  /** Table access: grants in AWS, nothing locally. */
  table: 'read' | 'read-write';
  publishesEvents?: boolean;
  sendsEmail?: boolean;
  timeoutSeconds?: number;
}

/** Maps a trigger's origin to the `source` its rule matches. */
export const sourceOf = (origin: EventOrigin, config: LoyaltyConfig): string =>
  ({ orders: config.bus.orderSource, loyalty: LOYALTY_SOURCE, ses: 'aws.ses' })[origin];

/**
 * THE table of functions and their triggers. The CDK stack builds rules, schedules and grants from it;
 * the local runner routes events and fires schedules from it. Adding a function is adding a row.
 */
export function wiring(config: LoyaltyConfig): FunctionWiring[] {
  return [
    {
      id: 'order-intake',
      description: 'Records orders and cancellations; detects first and repeat purchases',
      triggers: [{ kind: 'event', origin: 'orders', detailTypes: [DetailType.OrderPlaced, DetailType.OrderCancelled] }],
      table: 'read-write',
      publishesEvents: true,
    },
  ];
}
