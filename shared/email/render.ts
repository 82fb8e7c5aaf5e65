import Handlebars from 'handlebars';
import { compiledTemplates } from './compiled.generated';
import type { EmailData, EmailKind, RenderedEmail } from './types';
import { views } from './views';

export * from './types';
export { EmailDataError } from './views';
export { firstName, formatDate, formatMoney, formatRhythm } from './format';

type TemplateFn = (view: object) => string;

interface CompiledKind {
  subject: TemplateFn;
  html: TemplateFn;
  text: TemplateFn;
}

// An isolated instance: nothing registered elsewhere in the process can change our output.
const handlebars = Handlebars.create();
const cache = new Map<EmailKind, CompiledKind>();

/** Renders one email of `kind`: subject and text are plain, the HTML escapes every value. */
export function renderEmail<K extends EmailKind>(kind: K, data: EmailData[K]): RenderedEmail {
  const template = compiled(kind);
  const view = views[kind](data);
  return {
    // Names may hold line breaks; a subject is one line.
    subject: template.subject(view).replace(/\s+/g, ' ').trim(),
    html: template.html(view),
    text: template.text(view),
  };
}

function compiled(kind: EmailKind): CompiledKind {
  const cached = cache.get(kind);
  if (cached) return cached;
  const source = compiledTemplates[kind];
  // strict: a template naming a value its view lacks fails loudly instead of printing nothing.
  const kindTemplates: CompiledKind = {
    subject: handlebars.compile(source.subject, { strict: true, noEscape: true }),
    html: handlebars.compile(source.html, { strict: true }),
    text: handlebars.compile(source.text, { strict: true, noEscape: true }),
  };
  cache.set(kind, kindTemplates);
  return kindTemplates;
}
