import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type * as z from 'zod';
import { describeIssues, InvalidFileError } from './load';

// Apart from load.ts, so what imports only its error formatting (every function) carries no YAML parser.

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
