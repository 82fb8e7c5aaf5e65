import type * as z from 'zod';
import { describeIssues } from '../../shared/config/load';
import { LoyaltyError } from '../../shared/errors';

/** A queued step whose stored payload does not fit its kind: it fails for good, with this reason. */
export class PayloadError extends LoyaltyError {
  override name = 'PayloadError';
}

/** A step's stored payload read with its kind's schema; one that does not fit throws {@link PayloadError}. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new PayloadError(`payload: ${describeIssues(parsed.error).join('; ')}`);
  return parsed.data;
}
