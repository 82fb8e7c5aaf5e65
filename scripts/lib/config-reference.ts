import * as z from 'zod';
import { LoyaltyConfig } from '../../shared/config/schema';

/** The part of a JSON Schema node the reference reads. */
interface SchemaNode {
  type?: string;
  enum?: unknown[];
  format?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  additionalProperties?: SchemaNode | boolean;
}

/** One field of the config: where it is, what it holds, its default and what it does. */
export interface ReferenceRow {
  path: string;
  type: string;
  default?: string;
  required: boolean;
  description?: string;
}

/** Every field of the config schema, leaves and sections, in schema order. */
export function referenceRows(): ReferenceRow[] {
  const root = z.toJSONSchema(LoyaltyConfig, { io: 'input', unrepresentable: 'any' }) as SchemaNode;
  return fieldsOf(root, '');
}

/** Rows of a node's fields; `inherited` is the default of an enclosing section, which fills in its fields too. */
function fieldsOf(node: SchemaNode, prefix: string, inherited?: Record<string, unknown>): ReferenceRow[] {
  return Object.entries(node.properties ?? {}).flatMap(([name, field]) => {
    const path = `${prefix}${name}`;
    const fallback = field.default ?? inherited?.[name];
    const row: ReferenceRow = {
      path,
      type: typeOf(field),
      default: fallback === undefined || typeof fallback === 'object' ? undefined : JSON.stringify(fallback),
      required: (node.required ?? []).includes(name) && fallback === undefined,
      description: field.description,
    };
    const children = field.type === 'array' && field.items ? fieldsOf(field.items, `${path}[].`) : fieldsOf(field, `${path}.`, fallback as Record<string, unknown> | undefined);
    return [row, ...children];
  });
}

function typeOf(node: SchemaNode): string {
  if (node.anyOf) return node.anyOf.map(typeOf).join(' or ');
  if (node.enum) return `one of ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (node.type === 'array') return `list of ${node.items?.type === 'object' ? 'entries' : typeOf(node.items ?? {})}${node.minItems ? `, at least ${node.minItems}` : ''}`;
  if (node.type === 'object') return 'section';
  if (node.format === 'email') return 'email address';
  if (node.format === 'uri') return 'URL';
  const bounds = [
    node.exclusiveMinimum !== undefined ? `> ${node.exclusiveMinimum}` : node.minimum !== undefined ? `≥ ${node.minimum}` : undefined,
    node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${node.maximum}` : undefined,
    lengthOf(node),
  ].filter(Boolean);
  return [node.type ?? 'any', ...bounds].join(', ');
}

const lengthOf = ({ minLength, maxLength }: SchemaNode): string | undefined => {
  if (maxLength !== undefined) return minLength ? `${minLength}–${maxLength} characters` : `at most ${maxLength} characters`;
  return minLength ? `not empty` : undefined;
};

/** Where the reference sits in the README, between these two markers. */
export const REFERENCE_START = '<!-- config-reference:start (npm run config:reference) -->';
export const REFERENCE_END = '<!-- config-reference:end -->';

/** The Markdown table of every field. */
export function referenceTable(rows: readonly ReferenceRow[] = referenceRows()): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [
    '| field | type | default | description |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${r.path}\` | ${cell(r.type)} | ${r.default ? `\`${cell(r.default)}\`` : r.required ? 'required' : ''} | ${cell(r.description ?? '')} |`),
  ].join('\n');
}

/** The README with its reference section replaced by the current table. */
export function withReference(readme: string, table = referenceTable()): string {
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END);
  if (start < 0 || end < start) throw new Error(`README: expected the markers ${REFERENCE_START} and ${REFERENCE_END}`);
  return `${readme.slice(0, start + REFERENCE_START.length)}\n${table}\n${readme.slice(end)}`;
}
