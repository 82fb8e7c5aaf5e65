import { renderers } from './compiled.generated';
import type { View } from './template-runtime';
import type { EmailData, EmailKind, RenderedEmail } from './types';
import { views } from './views';

export * from './types';
export { EmailDataError } from './views';
export { firstName, formatDate, formatMoney, formatRhythm } from './format';

/** Renders one email of `kind`: subject and text are plain, the HTML escapes every value. */
export function renderEmail<K extends EmailKind>(kind: K, data: EmailData[K]): RenderedEmail {
  const template = renderers[kind];
  const view = views[kind](data) as View;
  return {
    // Names may hold line breaks; a subject is one line.
    subject: template.subject(view).replace(/\s+/g, ' ').trim(),
    html: template.html(view),
    text: template.text(view),
  };
}
