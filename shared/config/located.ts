import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type * as z from 'zod';

/** A 1-based line and column in a file. */
export interface Position {
  line: number;
  column: number;
}

/** One problem of a file, where it is: the field, its line and column, the bad value and what was expected. */
export interface LocatedProblem extends Position {
  file: string;
  /** Dotted field path, e.g. `schedules.outreachDispatcher.cron`; `(file)` for a YAML syntax error. */
  path: string;
  /** The value found, as YAML would show it (`(missing)` when absent). */
  value: string;
  expected: string;
}

/** A parsed YAML file that can say where each field is written. */
export interface LocatedYaml {
  file: string;
  data: unknown;
  /** Problems of the YAML itself (syntax, duplicate keys); the data is not trustworthy when any. */
  syntaxProblems: LocatedProblem[];
  /** Where the field at `path` is written, or its nearest written parent when the field is absent. */
  locate(path: readonly PropertyKey[]): Position;
}

/** Parses YAML (or JSON) keeping the position of every node. */
export function parseLocatedYaml(text: string, file: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problem = (offset: number, message: string): LocatedProblem => ({ file, path: '(file)', ...position(offset), value: '', expected: `readable YAML: ${message.split('\n')[0]}` });
  const syntaxProblems = doc.errors.map((error) => problem(error.pos[0], error.message));
  let data: unknown;
  if (!syntaxProblems.length) {
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      // What only resolving finds (an alias of an anchor never set, too many aliases) is the file's fault too.
      syntaxProblems.push(problem(0, (error as Error).message));
    }
  }
  return {
    file,
    data,
    syntaxProblems,
    locate: (path) => position(offsetOf(doc, path)),
  };
}

/** Offset of the value at `path` (of its key when the value is a map or list), or of its nearest written parent. */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
      if (!pair) return offset;
      const keyOffset = (pair.key as Node | null)?.range?.[0] ?? offset;
      offset = isScalar(pair.value) ? (pair.value.range?.[0] ?? keyOffset) : keyOffset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

/** The raw value at `path`, shown briefly: what the file says, or `(missing)`. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): string {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return '(missing)';
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  if (value === undefined) return '(missing)';
  const shown = JSON.stringify(value);
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}

/** Validates located YAML data with a schema, returning the output or every issue at its line and column. */
export function validateLocated<S extends z.ZodType>(source: LocatedYaml, schema: S): { data?: z.output<S>; problems: LocatedProblem[] } {
  if (source.syntaxProblems.length) return { problems: source.syntaxProblems };
  const result = schema.safeParse(source.data);
  if (result.success) return { data: result.data, problems: [] };
  return { problems: locateIssues(source, result.error.issues) };
}

/** Each issue at the line and column of its path in the source. */
export const locateIssues = (source: LocatedYaml, issues: readonly z.core.$ZodIssue[]): LocatedProblem[] => issues.map((issue) => locatedIssue(source, issue.path, expectation(issue)));

/** zod's words for a bad format ("Invalid email address") said as what was expected. */
const expectation = (issue: z.core.$ZodIssue): string =>
  issue.code === 'invalid_format' && issue.message.startsWith('Invalid') ? `expected a valid ${issue.format} (${issue.message})` : issue.message;

/** A problem at `path` of the source, with its position and value. */
export const locatedIssue = (source: LocatedYaml, path: readonly PropertyKey[], expected: string): LocatedProblem => ({
  file: source.file,
  path: path.map(String).join('.') || '(root)',
  ...source.locate(path),
  value: valueAt(source.data, path),
  expected,
});

/** `field (file line L, column C): got VALUE; expected …` */
export const formatProblem = (p: LocatedProblem): string =>
  `${p.path} (${p.file} line ${p.line}, column ${p.column}): ${p.value ? `got ${p.value}; ` : ''}${p.expected}`;
