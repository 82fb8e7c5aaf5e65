import * as z from 'zod';
import { makeDynamoCustomerRecords } from '../../shared/adapters/dynamodb/customer-records';
import { makeDynamoSuppressionList } from '../../shared/adapters/dynamodb/suppression-list';
import { describeIssues } from '../../shared/config/load';
import { getRuntime } from '../../shared/runtime/dependencies';
import { InvalidEventError, type RunContext } from '../../shared/runtime/handler';
import { eraseCustomer, exportCustomer, type CustomerPrivacyDeps } from '../../shared/use-cases/customer-privacy';

/** What an operator sends (`aws lambda invoke`): erase or export one customer; `at` is the request's time (default: now). */
export const PrivacyRequest = z.object({
  action: z.enum(['erase', 'export']),
  customerId: z.string().trim().min(1).max(128),
  at: z.iso.datetime({ offset: true }).optional(),
});

/** The privacy function's ports on a runtime, with the suppression pepper fetched. */
export const privacyDeps = async ({ runtime, now }: RunContext): Promise<CustomerPrivacyDeps> => ({
  records: makeDynamoCustomerRecords(runtime),
  suppressions: makeDynamoSuppressionList({ ...runtime, pepper: await runtime.suppressionPepper() }),
  events: runtime.events,
  sellers: runtime.config.sellers,
  now,
});

/** Customer privacy, invoked by operators only: `export` answers with everything stored about the customer, `erase` removes it. */
export async function handler(raw: unknown) {
  const runtime = getRuntime();
  const request = PrivacyRequest.safeParse(raw);
  if (!request.success) throw new InvalidEventError('(privacy request)', describeIssues(request.error));
  const { action, customerId, at } = request.data;
  // Nothing replays an operator's request: without a stated time, it happens now.
  const now = new Date(at ?? Date.now()).toISOString();
  const deps = await privacyDeps({ runtime, now });
  try {
    if (action === 'export') {
      const exported = await exportCustomer(customerId, deps);
      runtime.logger.info('customer exported', { customerId, kinds: Object.keys(exported.items) });
      return exported;
    }
    const erased = await eraseCustomer(customerId, deps);
    runtime.logger.info('customer erased', { ...erased });
    return erased;
  } catch (error) {
    runtime.logger.error('privacy request failed; running it again is harmless', { action, customerId, error: error as Error });
    throw error;
  }
}
