import type { OutreachFlow } from '../../contracts/events';
import { joinIds } from '../composite-id';

/** An email of a flow that went out, or the moment a held-out customer would have got it. */
export interface Touch {
  flow: OutreachFlow;
  kind: string;
  sequenceId: string;
  stepId: string;
  /** When it was sent, or when the held-out step was due and recorded as skipped. */
  at: string;
  holdout: boolean;
  /** For up-serve: the products the email was about; only an order of one of them converts. */
  skus?: readonly string[];
}

/** One touch's identity: a customer's step of a flow, the unit that uplift counts. */
export const touchKey = ({ customerId, flow, sequenceId, stepId }: { customerId: string; flow: string; sequenceId: string; stepId: string }): string =>
  joinIds(customerId, flow, sequenceId, stepId);

/** The order that may convert. */
export interface CandidateOrder {
  orderId: string;
  placedAt: string;
  total: number;
  currency: string;
  skus: readonly string[];
}

/** An order credited to the last qualifying touch before it. */
export interface Conversion extends Omit<Touch, 'at' | 'skus'> {
  orderId: string;
  placedAt: string;
  touchedAt: string;
  revenue: number;
  currency: string;
}

/** Email kinds whose conversions are measured: the invitation of the second sale, the win-back and the up-serve emails. */
export const CONVERTING_KINDS: ReadonlySet<string> = new Set(['second-sale/second-order', 'win-back', 'upserve/suggestions', 'upserve/replenish']);

/**
 * Credits an order to the flow of the latest touch it falls within the window of (days per flow):
 * the last email wins. An up-serve touch qualifies only when the order holds one of its products.
 */
export function attributeOrder(order: CandidateOrder, touches: readonly Touch[], windowDays: Record<OutreachFlow, number>): Conversion | undefined {
  const placed = Date.parse(order.placedAt);
  const bought = new Set(order.skus);
  const qualifying = touches.filter((t) => {
    const at = Date.parse(t.at);
    const inWindow = at <= placed && placed - at <= windowDays[t.flow] * 86_400_000;
    return inWindow && CONVERTING_KINDS.has(t.kind) && (t.flow !== 'upserve' || (t.skus ?? []).some((sku) => bought.has(sku)));
  });
  const last = qualifying.reduce<Touch | undefined>((best, t) => (best === undefined || Date.parse(t.at) > Date.parse(best.at) ? t : best), undefined);
  if (!last) return undefined;
  const { at, skus: _skus, ...ref } = last;
  return { ...ref, orderId: order.orderId, placedAt: order.placedAt, touchedAt: at, revenue: order.total, currency: order.currency };
}

/** A finished outreach step as stored: sent, or skipped with its reason. */
export interface FinishedStep {
  flow: OutreachFlow;
  kind: string;
  sequenceId: string;
  stepId: string;
  status: string;
  reason?: string;
  sentAt?: string;
  finishedAt?: string;
  payload?: Record<string, unknown>;
}

/** The touch a stored step stands for: a sent email, or a held-out step at its due time; undefined otherwise. */
export function touchOf(step: FinishedStep, productsOf: (step: FinishedStep) => readonly string[]): Touch | undefined {
  if (!CONVERTING_KINDS.has(step.kind)) return undefined;
  const sent = step.status === 'sent' && step.sentAt !== undefined;
  const heldOut = step.status === 'skipped' && step.reason === 'holdout' && step.finishedAt !== undefined;
  if (!sent && !heldOut) return undefined;
  const { flow, kind, sequenceId, stepId } = step;
  return { flow, kind, sequenceId, stepId, at: (sent ? step.sentAt : step.finishedAt)!, holdout: heldOut, ...(flow === 'upserve' ? { skus: productsOf(step) } : {}) };
}
