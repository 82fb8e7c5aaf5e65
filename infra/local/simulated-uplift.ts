import { DetailType, type OrderPlaced, type OutreachSent } from '../../shared/contracts/events';
import { addDays } from '../../shared/domain/time';
import type { BusEvent } from '../../shared/runtime/handler';
import { unitHash } from './datasets/synthetic-customers';
import { toBusEvent } from './event-capture';

/** `--simulated-uplift P`: the chance that a mailed invitation or win-back brings an extra order, and the seed of the draws. */
export interface SimulatedUpliftOptions {
  probability: number;
  seed: string;
}

/** Emails whose effect is simulated. */
const SIMULATED_KINDS = new Set(['second-sale/second-order', 'win-back']);
/** The extra order comes this many days after the email, drawn evenly: inside every attribution window. */
const DELAY_DAYS = { min: 2, max: 6 };

/**
 * Replayed history cannot react to email, so this gives it a known effect: after each mailed
 * second-order invitation or win-back, with probability P, the customer places one extra order (a
 * repeat of their last one) a few days later. Every draw hashes the seed and the step, so a run is
 * reproducible. The orders are `Order Placed` events with ids `sim-…`, fed in at their time.
 */
export class UpliftSimulator {
  /** Extra orders placed so far. */
  placed = 0;
  private readonly lastOrders = new Map<string, OrderPlaced>();
  private readonly pending: BusEvent[] = [];
  private seen = 0;

  constructor(
    readonly options: SimulatedUpliftOptions,
    private readonly source: string,
  ) {}

  /** Keeps each customer's latest order: a simulated order repeats it. */
  observe(event: BusEvent): void {
    if (event['detail-type'] !== DetailType.OrderPlaced) return;
    const order = event.detail as OrderPlaced;
    if (order?.customer?.id) this.lastOrders.set(order.customer.id, order);
  }

  /** Draws an extra order for each simulated email among the events emitted since the last call. */
  collect(emitted: readonly BusEvent[]): void {
    for (; this.seen < emitted.length; this.seen++) {
      const event = emitted[this.seen]!;
      if (event['detail-type'] !== DetailType.OutreachSent) continue;
      const sent = event.detail as OutreachSent;
      const template = this.lastOrders.get(sent.customerId);
      if (!SIMULATED_KINDS.has(sent.kind) || !template) continue;
      const draw = `${this.options.seed}:${sent.customerId}:${sent.sequenceId}:${sent.stepId}`;
      if (unitHash(`effect:${draw}`) >= this.options.probability) continue;
      const delay = DELAY_DAYS.min + unitHash(`delay:${draw}`) * (DELAY_DAYS.max - DELAY_DAYS.min);
      const placedAt = addDays(sent.sentAt, delay);
      const order: OrderPlaced = { ...template, orderId: `sim-${sent.stepId}-${sent.sequenceId}`, placedAt };
      this.pending.push(toBusEvent(this.source, DetailType.OrderPlaced, placedAt, order));
    }
    this.pending.sort((a, b) => a.time.localeCompare(b.time));
  }

  /** Time of the next simulated order, if any. */
  nextAt(): string | undefined {
    return this.pending[0]?.time;
  }

  /** Removes and returns the simulated orders due at or before `time`. */
  takeDue(time: string): BusEvent[] {
    const due = this.pending.filter((e) => e.time <= time);
    this.pending.splice(0, due.length);
    this.placed += due.length;
    return due;
  }
}

/** The longest the clock may jump while simulating: shorter than the earliest simulated order after an email. */
export const SIMULATION_STEP_DAYS = 1;
