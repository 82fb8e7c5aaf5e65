import {
  DetailType,
  type FirstPurchaseDetected,
  type OrderCancelled,
  type OrderPlaced,
  type RepeatPurchaseDetected,
} from '../../shared/contracts/events';
import {
  applyContact,
  applyOrder,
  cancellationNeedsStoredOrders,
  cancelOrder,
  newProfile,
  orderNeedsStoredOrders,
  type CustomerProfile,
  type PurchaseOutcome,
} from '../../shared/domain/purchase';
import { type RiskPolicy, atRiskAt, scheduleRiskCheck, summaryOf } from '../../shared/domain/risk/assess';
import type { RiskModel } from '../../shared/domain/risk/score';
import type { CustomerStore, EventPublisher, OutgoingEvent } from '../../shared/ports';
import { updateProfile } from '../../shared/use-cases/update-profile';

/** Ports the intake needs; `now` is the event's time. */
export interface IntakeDeps {
  customers: CustomerStore;
  events: EventPublisher;
  now: string;
  /** When at-risk scoring is on: every change of a customer's orders also schedules their next risk check. */
  risk?: { model: () => Promise<RiskModel>; policy: RiskPolicy };
}

/** The profile change that keeps a customer's risk check scheduled (none when scoring is off). */
async function riskScheduler(risk: IntakeDeps['risk']): Promise<(profile: CustomerProfile) => CustomerProfile> {
  if (!risk) return (profile) => profile;
  const model = await risk.model();
  return (profile) => {
    const summary = summaryOf(profile);
    return scheduleRiskCheck(profile, summary ? atRiskAt(model, risk.policy, summary) : undefined);
  };
}

/** What the intake did with one event. */
export type IntakeResult = 'first' | 'repeat' | 'duplicate' | 'cancelled-before-arrival' | 'cancelled' | 'unknown-order';

/**
 * Records an order once, updates the profile and announces a first or repeat purchase. An order
 * whose cancellation came first still updates the contact details and consent it carries.
 */
export async function intakeOrder(order: OrderPlaced, { customers, events, now, risk }: IntakeDeps): Promise<IntakeResult> {
  if ((await customers.recordOrder(order)) === 'cancelled') {
    await updateProfile(customers, order.customer.id, (stored) => {
      const profile = stored ?? newProfile(order);
      const withContact = applyContact(profile, order, now);
      return { profile: withContact === profile && stored ? undefined : withContact, result: undefined };
    });
    return 'cancelled-before-arrival';
  }
  const scheduleRisk = await riskScheduler(risk);
  const outcome = await updateProfile(customers, order.customer.id, async (stored): Promise<{ profile?: CustomerProfile; result: PurchaseOutcome }> => {
    const profile = stored ?? newProfile(order);
    // Rare: only a customer with more orders than the profile keeps one by one, and an order as old as the folded ones.
    const orders = orderNeedsStoredOrders(profile, order) ? await customers.activeOrders(order.customer.id) : undefined;
    const result = applyOrder(profile, order, now, orders);
    return { profile: result.kind === 'duplicate' ? undefined : scheduleRisk(result.profile), result };
  });
  if (outcome.kind === 'duplicate') return 'duplicate';
  await events.publish([purchaseEvent(order, outcome, now)]);
  return outcome.kind;
}

/** Removes a cancelled order from the profile; a cancelled first purchase passes the claim on. */
export async function cancelCustomerOrder(
  cancellation: OrderCancelled,
  { customers, events, now, risk }: IntakeDeps,
): Promise<IntakeResult> {
  const { customerId, orderId } = cancellation;
  await customers.markOrderCancelled(customerId, orderId, cancellation.cancelledAt);
  const scheduleRisk = await riskScheduler(risk);
  const outcome = await updateProfile(customers, customerId, async (stored) => {
    const orders = stored && cancellationNeedsStoredOrders(stored, orderId) ? await customers.activeOrders(customerId) : undefined;
    const result = stored && cancelOrder(stored, orderId, orders);
    return { profile: result && scheduleRisk(result.profile), result };
  });
  if (!outcome) return 'unknown-order';
  const { profile, newFirstPurchase } = outcome;
  if (newFirstPurchase) {
    const detail: FirstPurchaseDetected = {
      customerId,
      sellerId: profile.sellerId,
      ...newFirstPurchase,
      currency: profile.currency,
    };
    await events.publish([{ detailType: DetailType.FirstPurchaseDetected, detail, time: now }]);
  }
  return 'cancelled';
}

const purchaseEvent = (order: OrderPlaced, outcome: Exclude<PurchaseOutcome, { kind: 'duplicate' }>, now: string): OutgoingEvent => {
  const first: FirstPurchaseDetected = {
    customerId: order.customer.id,
    sellerId: outcome.profile.sellerId,
    orderId: order.orderId,
    placedAt: order.placedAt,
    total: order.total,
    currency: order.currency,
  };
  if (outcome.kind === 'first') return { detailType: DetailType.FirstPurchaseDetected, detail: first, time: now };
  const repeat: RepeatPurchaseDetected = {
    ...first,
    ordinal: outcome.ordinal,
    daysSincePreviousOrder: outcome.daysSincePreviousOrder,
  };
  return { detailType: DetailType.RepeatPurchaseDetected, detail: repeat, time: now };
};
