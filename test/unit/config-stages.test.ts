import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigFile } from '../../scripts/lib/config-check';
import { configForStage, DEFAULT_CONFIG_FILE, loadConfigFile } from '../../shared/config/config-file';
import { InvalidFileError } from '../../shared/config/load';

const shipped = readFileSync(DEFAULT_CONFIG_FILE, 'utf8').replace(/\nstages:[\s\S]*$/, '\n');
const FROM = '2026-12-02T07:00:00.000Z';

/** The shipped config (without its own stages) with `stages` appended, in a fresh folder beside the shipped catalog. */
function withStages(stages: string): { file: string; text: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'config-stages-'));
  const file = path.join(dir, 'loyalty.config.yaml');
  const text = `${shipped}\nstages:\n${stages}`;
  writeFileSync(file, text);
  copyFileSync(path.join(path.dirname(DEFAULT_CONFIG_FILE), 'catalog.yaml'), path.join(dir, 'catalog.yaml'));
  return { file, text };
}

const lineOf = (text: string, find: string): number => text.slice(0, text.indexOf(find)).split('\n').length;

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidFileError) return error.problems;
    throw error;
  }
  return [];
};

describe('configForStage', () => {
  const { file } = withStages(
    [
      '  dev:',
      '    mail: { sendRatePerSecond: 1 }',
      '    secondSale: { steps: [{ id: thank-you, delayDays: 0 }] }',
      '    respect: { frequencyCap: { maxEmails: 5 } }',
      '  prod: {}',
    ].join('\n'),
  );

  it('merges the stage over the file: maps field by field, lists replaced whole', () => {
    const base = loadConfigFile(file);
    const dev = configForStage(file, 'dev');
    expect(dev.mail).toEqual({ ...base.mail, sendRatePerSecond: 1, configurationSet: 'loyalty-dev' });
    expect(dev.secondSale.steps).toEqual([{ id: 'thank-you', delayDays: 0, enabled: true }]);
    expect(dev.respect.frequencyCap).toEqual({ maxEmails: 5, perDays: 3 });
    expect(dev.risk).toEqual(base.risk);
    expect(dev.stages).toBeUndefined();
  });

  it("gives each stage its own bus and configuration set, and nothing else of the file's", () => {
    const { stages, ...base } = loadConfigFile(file);
    expect(Object.keys(stages!)).toEqual(['dev', 'prod']);
    expect(configForStage(file, 'prod')).toEqual({ ...base, bus: { ...base.bus, name: 'loyalty-prod' }, mail: { ...base.mail, configurationSet: 'loyalty-prod' } });
  });

  it('names a stage the file does not have, with the ones it has', () => {
    expect(problemsOf(() => configForStage(file, 'qa'))).toEqual(['stages: expected a section for stage "qa" (the file has dev, prod)']);
  });

  it("names a stage's bad field under the stage", () => {
    const bad = withStages('  dev:\n    mail: { sender: nobody }\n    sellers: { defaultSellerId: s-nobody }\n').file;
    expect(loadConfigFile(bad).mail.sender).toBe('hello@loyalty.example.com');
    const problems = problemsOf(() => configForStage(bad, 'dev'));
    expect(problems).toEqual([expect.stringMatching(/^stages\.dev\.mail\.sender: /), expect.stringMatching(/^stages\.dev\.sellers\.defaultSellerId: expected one of the directory's seller ids/)]);
  });

  it("names a stage's mail delivery mistakes: an allow-list without entries, an entry that is no address or @domain", () => {
    expect(problemsOf(() => configForStage(withStages('  dev:\n    mail: { deliverTo: allow-list }\n').file, 'dev'))).toEqual([expect.stringMatching(/^stages\.dev\.mail\.allowList: expected at least one address or @domain/)]);
    expect(problemsOf(() => configForStage(withStages('  dev:\n    mail: { deliverTo: allow-list, allowList: [ops@example.com, "@example.org", example.net] }\n').file, 'dev'))).toEqual([
      'stages.dev.mail.allowList.2: expected an email address or @domain',
    ]);
    expect(configForStage(withStages('  dev:\n    mail: { deliverTo: simulator }\n').file, 'dev').mail).toMatchObject({ deliverTo: 'simulator', allowList: [] });
    expect(loadConfigFile().mail.deliverTo).toBe('recipients');
  });

  it('rejects an unknown section and a bad stage name in the file itself', () => {
    expect(problemsOf(() => loadConfigFile(withStages('  dev:\n    mial: { sender: x@example.com }\n').file))).toEqual([expect.stringMatching(/^stages\.dev: Unrecognized key: "mial"/)]);
    expect(problemsOf(() => loadConfigFile(withStages('  Dev_1: {}\n').file))).toEqual([expect.stringMatching(/^stages\.Dev_1: expected a stage name/)]);
  });
});

describe('config:check with stages', () => {
  it("validates every stage: a stage's error at its line and column", () => {
    const { file, text } = withStages('  dev:\n    bus: { name: "no spaces" }\n  prod: {}\n');
    const { errors } = checkConfigFile(file, FROM);
    expect(errors).toEqual([expect.objectContaining({ path: 'stages.dev.bus.name', line: lineOf(text, '"no spaces"'), column: text.split('\n')[lineOf(text, '"no spaces"') - 1]!.indexOf('"no spaces"') + 1, value: '"no spaces"' })]);
  });

  it("warns about a stage's likely mistakes and unknown fields under the stage, not again about the file's", () => {
    const { file, text } = withStages('  dev:\n    risk: { winBackGraceDays: 0.5 }\n    mail: { maxPerRunn: 3 }\n');
    const warnings = checkConfigFile(file, FROM).warnings;
    expect(warnings.map((w) => [w.path, w.line])).toEqual([
      ['stages.dev.mail.maxPerRunn', lineOf(text, 'maxPerRunn')],
      ['stages.dev.risk.winBackGraceDays', lineOf(text, 'winBackGraceDays: 0.5')],
    ]);
  });
});
