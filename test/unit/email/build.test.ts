import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { GENERATED_MODULE_PATH, compileTemplate, generateModuleSource } from '../../../shared/email/build-templates';
import { compiledTemplates } from '../../../shared/email/compiled.generated';
import { EMAIL_KINDS } from '../../../shared/email/types';

describe('compiled email templates', () => {
  it('are up to date with the MJML and text sources (run `npm run emails:build`)', async () => {
    const committed = await readFile(GENERATED_MODULE_PATH, 'utf8');
    expect(committed === (await generateModuleSource()), 'compiled.generated.ts is stale: run `npm run emails:build`').toBe(
      true,
    );
  }, 30_000);

  it('hold HTML without any MJML left in it, and a subject and text part for every kind', () => {
    for (const kind of EMAIL_KINDS) {
      const { subject, html, text } = compiledTemplates[kind];
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
  it('bundles handlebars but neither a mail library nor MJML, as a Lambda would', async () => {
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
    expect(inputs.some((file) => file.includes('node_modules/handlebars/'))).toBe(true);
    expect(inputs.filter((file) => file.includes('node_modules/nodemailer/'))).toEqual([]);
    expect(inputs.filter((file) => /node_modules\/mjml|build-templates/.test(file))).toEqual([]);
  }, 30_000);
});
