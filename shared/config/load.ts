import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
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

/** Reads a YAML or JSON file and validates it, throwing {@link InvalidFileError} naming each bad field. */
export const loadValidatedFile = <S extends z.ZodType>(file: string, schema: S): z.output<S> => parseValidated(readFileSync(file, 'utf8'), file, schema);

/** Parses the YAML or JSON text of `file` and validates it, throwing {@link InvalidFileError} naming each bad field. */
export function parseValidated<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  const result = schema.safeParse(parseYamlOf(text, file));
  if (!result.success) throw new InvalidFileError(file, describeIssues(result.error));
  return result.data;
}

/** The data of YAML or JSON text, throwing {@link InvalidFileError} when it is neither. */
export function parseYamlOf(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (cause) {
    throw new InvalidFileError(file, [`(file): cannot be read as YAML/JSON: ${(cause as Error).message}`]);
  }
}
