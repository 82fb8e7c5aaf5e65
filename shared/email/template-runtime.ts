// What the generated render functions (compiled.generated.ts) call: Handlebars' semantics for the
// few constructs our templates use, in strict mode, so the output is the one Handlebars would give.

import { LoyaltyError } from '../errors';

/** A template's view: the values it names. */
export type View = Record<string, unknown>;

/** A value a template names that its view lacks: the template and its view disagree. */
export class TemplateValueError extends LoyaltyError {
  override readonly name = 'TemplateValueError';
}

/** `{{a.b}}`: every step but the last may be absent; the last must exist (strict mode). */
export function value(context: unknown, path: readonly string[]): unknown {
  const parent = path.slice(0, -1).reduce(property, context);
  const name = path[path.length - 1];
  if (name === undefined) return context;
  if (!parent || !(name in (parent as object))) throw new TemplateValueError(`"${name}" not defined in ${String(parent)}`);
  return property(parent, name);
}

/** `{{#if a.b}}`, `{{#each a}}`: a missing value is simply false or empty. */
export const param = (context: unknown, path: readonly string[]): unknown => path.reduce(property, context);

/** Own properties only, as Handlebars 4.6+ allows by default. */
function property(parent: unknown, name: string): unknown {
  if (parent === null || parent === undefined) throw new TemplateValueError(`cannot read "${name}" of ${String(parent)}`);
  return Object.hasOwn(parent as object, name) ? (parent as Record<string, unknown>)[name] : undefined;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };

/** `{{x}}` in HTML: Handlebars' escapeExpression. */
export const html = (x: unknown): string => text(x).replace(/[&<>"'`=]/g, (c) => ESCAPES[c]!);

/** `{{x}}` in the subject and text parts (noEscape): nothing for null and undefined, else the string. */
export const text = (x: unknown): string => (x === null || x === undefined ? '' : String(x));

/** `{{#if}}`: false for falsy values and empty lists, as Handlebars' `if` (0 included). */
export const truthy = (x: unknown): boolean => Boolean(x) && !(Array.isArray(x) && x.length === 0);

/** `{{#each list}}…{{else}}…{{/each}}` over a list. */
export function each(list: unknown, item: (context: unknown) => string, otherwise: () => string): string {
  if (list === null || list === undefined || list === false) return otherwise();
  if (!Array.isArray(list)) throw new TemplateValueError(`{{#each}} expects a list, got ${typeof list}`);
  return list.length === 0 ? otherwise() : list.map(item).join('');
}
