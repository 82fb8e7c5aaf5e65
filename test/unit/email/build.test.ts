import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import Handlebars from 'handlebars';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_MODULE_PATH, compileAllTemplates, compileTemplate, generateModuleSource, renderFunction, type CompiledTemplate } from '../../../shared/email/build-templates';
import { renderers } from '../../../shared/email/compiled.generated';
import type { View } from '../../../shared/email/template-runtime';
import { EMAIL_KINDS, type EmailKind } from '../../../shared/email/types';
import { emailSamples } from '../../../shared/email/samples';
import { views } from '../../../shared/email/views';

let sources: Record<EmailKind, CompiledTemplate>;
beforeAll(async () => {
  sources = await compileAllTemplates();
}, 30_000);

describe('compiled email templates', () => {
  it('are up to date with the MJML and text sources (run `npm run emails:build`)', async () => {
    const committed = await readFile(GENERATED_MODULE_PATH, 'utf8');
    expect(committed === (await generateModuleSource()), 'compiled.generated.ts is stale: run `npm run emails:build`').toBe(
      true,
    );
  }, 30_000);

  it('hold HTML without any MJML left in it, and a subject and text part for every kind', () => {
    for (const kind of EMAIL_KINDS) {
      const { subject, html, text } = sources[kind];
      expect(subject, kind).not.toMatch(/[<>\n]/);
      expect(html, kind).toMatch(/^<!doctype html>/i);
      expect(html, kind).not.toContain('<mj-');
      expect(text.length, kind).toBeGreaterThan(100);
    }
  });

  it('takes the subject from <mj-title> and inlines text partials', async () => {
    const compiled = await compileTemplate('win-back');
    expect(compiled.subject).toBe('We miss you{{#if firstName}}, {{firstName}}{{/if}}');
    expect(compiled.html).toContain('<title>We miss you{{#if firstName}}, {{firstName}}{{/if}}</title>');
    expect(compiled.text).toContain('Unsubscribe with one click: {{unsubscribeUrl}}');
    expect(compiled.text).not.toContain('{{>');
  });
});

describe('the runtime email module', () => {
  it('bundles neither Handlebars nor a mail library nor MJML, as a Lambda would', async () => {
    const result = await build({
      entryPoints: [path.join(__dirname, '../../../shared/email/render.ts'), path.join(__dirname, '../../../shared/email/compose.ts')],
      bundle: true,
      platform: 'node',
      write: false,
      metafile: true,
      outdir: 'unused',
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => /node_modules\/(handlebars|nodemailer|mjml)\/|build-templates/.test(file))).toEqual([]);
  }, 30_000);
});

/** A render's output, or that it refused: both renderers must do the same. */
const outcome = (render: () => string): { output: string } | { refused: true } => {
  try {
    return { output: render() };
  } catch {
    return { refused: true };
  }
};

/** The sample's view, and variants that take the other branch of every {{#if}}, {{#unless}} and {{#each}}. */
const variantsOf = (view: View): [string, View][] => [
  ['as is', view],
  ['lists empty', Object.fromEntries(Object.entries(view).map(([k, v]) => [k, Array.isArray(v) ? [] : v]))],
  ['flags flipped', Object.fromEntries(Object.entries(view).map(([k, v]) => [k, typeof v === 'boolean' ? !v : v]))],
  ['optional text blank', Object.fromEntries(Object.entries(view).map(([k, v]) => [k, typeof v === 'string' && k !== 'lang' ? '' : v]))],
  ['a value missing', Object.fromEntries(Object.entries(view).slice(1))],
];

describe('the compiled render functions', () => {
  it('give what Handlebars gives (strict mode; HTML escaped, subject and text not) for every sample and its variants', () => {
    const checked = emailSamples.flatMap((sample) =>
      variantsOf(views[sample.kind](sample.data as never) as View).flatMap(([variant, view]) =>
        (['subject', 'html', 'text'] as const).map((part) => {
          const handlebars = Handlebars.compile(sources[sample.kind][part], { strict: true, noEscape: part !== 'html' });
          const expected = outcome(() => handlebars(view));
          expect(outcome(() => renderers[sample.kind][part](view)), `${sample.id}, ${variant}, ${part}`).toEqual(expected);
          return 'output' in expected;
        }),
      ),
    );
    expect(checked.filter(Boolean).length, 'renders that both produced').toBeGreaterThan(emailSamples.length * 3 * 3);
  });

  it('refuse, naming the line, what only Handlebars could render', () => {
    expect(() => renderFunction('{{#with a}}x{{/with}}', 'html', 'k (html)')).toThrow('k (html), line 1: {{#with}} is not supported by the compiled templates');
    expect(() => renderFunction('\n{{../up}}', 'text', 'k (text)')).toThrow('k (text), line 2: the expression ../up is not supported');
    expect(() => renderFunction('{{@index}}', 'text', 'k')).toThrow(/@index/);
    expect(() => renderFunction('{{lookup a b}}', 'text', 'k')).toThrow(/helpers/);
    expect(() => renderFunction('{{#if a}}', 'text', 'k')).toThrow(/invalid Handlebars/);
  });
});
