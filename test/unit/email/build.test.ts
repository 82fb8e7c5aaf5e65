import { readFile } from 'node:fs/promises';
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
