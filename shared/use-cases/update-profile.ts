import type { CustomerProfile } from '../domain/purchase';
import type { CustomerStore } from '../ports';
import { LoyaltyError } from '../errors';

/** Thrown when a profile kept changing under us for every attempt. */
export class ProfileContentionError extends LoyaltyError {
  override name = 'ProfileContentionError';

  constructor(readonly customerId: string, attempts: number) {
    super(`profile of customer ${customerId} changed concurrently ${attempts} times in a row`);
  }
}

const MAX_ATTEMPTS = 10;

/** Full-jitter backoff spreads racing writers apart instead of letting them collide again in step. */
const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));

/**
 * Read-compute-write with optimistic concurrency: `change` is pure and returns the new profile
 * (or undefined for "nothing to write") plus a result; a lost race re-reads and recomputes.
 */
export async function updateProfile<R>(
  customers: CustomerStore,
  customerId: string,
  change: (profile: CustomerProfile | undefined) => { profile?: CustomerProfile; result: R },
): Promise<R> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { profile, result } = change(await customers.getProfile(customerId));
    if (!profile || (await customers.saveProfile(profile))) return result;
    await backoff(attempt);
  }
  throw new ProfileContentionError(customerId, MAX_ATTEMPTS);
}
