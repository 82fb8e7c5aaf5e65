import { DetailType, type CustomerWonBack, type RepeatPurchaseDetected } from '../../shared/contracts/events';
import { endFlag } from '../../shared/domain/purchase';
import { toUtc } from '../../shared/domain/time';
import type { CustomerStore, EventPublisher, OutreachQueue, SellerDesk } from '../../shared/ports';
import { updateProfile } from '../../shared/use-cases/update-profile';
import { skipPending } from '../../shared/use-cases/end-step';

/** Ports of the won-back subscriber; `now` is the event's time. */
export interface WonBackDeps {
  customers: CustomerStore;
  queue: OutreachQueue;
  desk: SellerDesk;
  events: EventPublisher;
  now: string;
}

/**
 * An order after the silence a flag was about wins the customer back: the waiting win-back email is
 * skipped (`ordered-again`), the seller's next digest hears of the return, `Customer Won Back` is
 * announced, and the flag is cleared last, so a retry after a failure finds it and finishes.
 */
export async function markWonBack(repeat: RepeatPurchaseDetected, deps: WonBackDeps): Promise<'won-back' | 'not-flagged'> {
  const { customerId } = repeat;
  const profile = await deps.customers.getProfile(customerId);
  const flag = profile?.riskFlag;
  const placedAt = toUtc(repeat.placedAt);
  if (!flag || placedAt <= flag.lastOrderAt) return 'not-flagged';
  await skipPending(customerId, { flow: 'win-back' }, 'ordered-again', deps);
  await deps.desk.recordReturn({ sellerId: flag.sellerId, customerId, customerName: profile.name, orderedAt: placedAt, total: repeat.total, currency: repeat.currency });
  const detail: CustomerWonBack = { customerId, sellerId: flag.sellerId, orderId: repeat.orderId, placedAt, flaggedAt: flag.flaggedAt, total: repeat.total, currency: repeat.currency };
  await deps.events.publish([{ detailType: DetailType.CustomerWonBack, detail, time: deps.now }]);
  await updateProfile(deps.customers, customerId, (current) => {
    const same = current?.riskFlag?.flaggedAt === flag.flaggedAt;
    return { profile: same ? endFlag({ ...current!, riskFlag: current!.riskFlag! }, 'came-back', placedAt) : undefined, result: same };
  });
  return 'won-back';
}
