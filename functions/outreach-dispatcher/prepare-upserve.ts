import type { Catalog } from '../../shared/config/catalog';
import { OutreachPayloads, ReplenishPayload } from '../../shared/contracts/outreach-payloads';
import type { QueuedStep } from '../../shared/domain/outreach';
import type { CustomerProfile } from '../../shared/domain/purchase';
import { chooseReplenish, chooseSuggestions, type SendTimeState, type UpserveChoice } from '../../shared/domain/upserve/send-time';
import type { UpserveStore } from '../../shared/ports';
import type { Prepared } from './dispatch-outreach';
import { PayloadError, parsePayload } from './payload';

/** What picking up-serve content at send time needs; `now` is the dispatcher's. */
export interface UpserveSendDeps {
  upserve: UpserveStore;
  catalog: Catalog;
  productUrl: (sku: string) => string;
  now: string;
}

/** Racing sends to one customer are rare; a few fresh reads settle them. */
const MAX_RESERVE_ATTEMPTS = 3;

/**
 * Makes a due up-serve step ready: skipped when its order was cancelled, the customer re-bought the
 * consumable, or nothing new is left to suggest; otherwise filled with its content, whose suggestion
 * keys are recorded as sent before the email goes (and given back if it cannot be sent). `sent`, the
 * keys as the dispatcher read them with its page, saves their read; the reservation's condition
 * catches any taken since.
 */
export async function prepareUpserve(step: QueuedStep, profile: CustomerProfile, deps: UpserveSendDeps, sent?: ReadonlySet<string>): Promise<Prepared> {
  if (profile.orders[step.sequenceId] === undefined) return { action: 'skip', reason: 'order-cancelled' };
  const [choose, owned, firstSent] = await Promise.all([chooser(step, deps), deps.upserve.owned(step.customerId), sent ?? deps.upserve.sentKeys(step.customerId)]);
  for (let attempt = 1; attempt <= MAX_RESERVE_ATTEMPTS; attempt++) {
    // A lost reservation means another send took keys since: read them again.
    const sent = attempt === 1 ? firstSent : await deps.upserve.sentKeys(step.customerId);
    const choice = choose({ owned, sent });
    if (choice.action === 'skip') return choice;
    const { keys, payload } = choice;
    if (await deps.upserve.reserveKeys(step.customerId, keys)) {
      return { action: 'send', step: { ...step, payload }, release: () => deps.upserve.releaseKeys(step.customerId, keys) };
    }
  }
  throw new Error(`suggestion keys of customer ${step.customerId} kept changing during ${MAX_RESERVE_ATTEMPTS} attempts`);
}

/** The rule of the step's kind, with the stored payload validated and what it needs read once. */
async function chooser(step: QueuedStep, deps: UpserveSendDeps): Promise<(state: SendTimeState) => UpserveChoice> {
  if (step.kind === 'upserve/replenish') {
    const payload = parsePayload(ReplenishPayload, step.payload);
    return (state) => chooseReplenish(payload, state);
  }
  if (step.kind !== 'upserve/suggestions') throw new PayloadError(`kind: no up-serve rule for "${step.kind}"`);
  const { order } = parsePayload(OutreachPayloads['upserve/suggestions'].pick({ order: true }), step.payload);
  const related = await deps.upserve.related(order.items.map((item) => item.sku));
  return (state) => chooseSuggestions(order, { ...state, related, catalog: deps.catalog, productUrl: deps.productUrl, now: deps.now });
}
