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

/** A profile change: the new profile (or undefined for "nothing to write") plus a result. */
type ProfileChange<R> = { profile?: CustomerProfile; result: R };

/** A profile the caller read already (in a batch): `profile` undefined means the customer has none. */
export interface PrefetchedProfile {
  profile: CustomerProfile | undefined;
}

/**
 * Read-compute-write with optimistic concurrency: `change` computes the new profile from the one
 * read (reading only what it derives from, never writing); a lost race re-reads and recomputes.
 * With `prefetched`, the first attempt starts from that read instead of its own.
 */
export async function updateProfile<R>(
  customers: CustomerStore,
  customerId: string,
  change: (profile: CustomerProfile | undefined) => ProfileChange<R> | Promise<ProfileChange<R>>,
  prefetched?: PrefetchedProfile,
): Promise<R> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const read = attempt === 1 && prefetched ? prefetched.profile : await customers.getProfile(customerId);
    const { profile, result } = await change(read);
    if (!profile || (await customers.saveProfile(profile))) return result;
    await backoff(attempt);
  }
  throw new ProfileContentionError(customerId, MAX_ATTEMPTS);
}
