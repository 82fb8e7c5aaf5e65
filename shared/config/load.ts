import type * as z from 'zod';
import { LoyaltyError } from '../errors';

/** A config or catalog file that does not match its schema; the message lists every bad field. */
export class InvalidFileError extends LoyaltyError {
  override name = 'InvalidFileError';

  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Formats zod issues as `path.to.field: what was expected`. */
export function describeIssues(error: { issues: readonly z.core.$ZodIssue[] }): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}
