import fc from 'fast-check';

/** A path into a JSON-like value: object keys and array indices. */
export type FieldPath = (string | number)[];

/** Stands for "remove this field" in a {@link Mutation}. */
export const REMOVED = Symbol('removed');

/** One field of a valid input replaced by a hostile value, or removed. */
export interface Mutation {
  path: FieldPath;
  value: unknown;
}

/** Every path in `value`, the root included. */
export function pathsOf(value: unknown, prefix: FieldPath = []): FieldPath[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, v]) => pathsOf(v, [...prefix, key]))];
}

/** A deep copy of `value` with the mutation applied. */
export function mutate(value: unknown, { path, value: replacement }: Mutation): unknown {
  if (path.length === 0) return replacement === REMOVED ? undefined : replacement;
  const copy: unknown = structuredClone(value);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (replacement === REMOVED) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = replacement;
  return copy;
}

/** Values that break parsers: wrong types, edge numbers, huge or odd strings, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(REMOVED),
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2, '', ' ', '\u0000', '__proto__', '9999-99-99T99:99:99Z'),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 3000 }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.anything({ maxDepth: 3, maxKeys: 4 }),
);

/** One to three mutations of a field of `valid`. */
export const mutationsOf = (valid: unknown): fc.Arbitrary<Mutation[]> =>
  fc.array(fc.record({ path: fc.constantFrom(...pathsOf(valid)), value: hostileValue }), { minLength: 1, maxLength: 3 });

/** Applies mutations in turn; a later one whose path no longer exists is skipped. */
export const applied = (valid: unknown, mutations: readonly Mutation[]): unknown =>
  mutations.reduce((value, m) => (exists(value, m.path.slice(0, -1)) ? mutate(value, m) : value), valid);

const exists = (value: unknown, path: FieldPath): boolean => {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node !== null && typeof node === 'object';
};

/**
 * True when a problem line (`<field path>: <what is wrong>`) names a field: a path before the colon
 * and a message after it; `(root)` counts only when the whole input itself is not an object.
 */
export const namesAField = (problem: string, prefix = ''): boolean => {
  const cut = problem.indexOf(': ');
  if (cut <= prefix.length || !problem.startsWith(prefix) || problem.slice(cut + 2).trim() === '') return false;
  return true;
};

/** True when the problem is about the field at `path`: that field, a field inside it, or an object holding it. */
export const namesPath = (problem: string, path: FieldPath): boolean => {
  const field = problem.slice(0, problem.indexOf(': ')).replace(/\.?\(root\)$/, '');
  const wanted = path.map(String).join('.');
  return wanted === '' || field === wanted || field.startsWith(`${wanted}.`) || wanted.startsWith(`${field}.`);
};
