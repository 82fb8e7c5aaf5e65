import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigFile } from '../../scripts/lib/config-check';
import { wiring } from '../../infra/wiring';
import { DEFAULT_CONFIG_FILE, loadConfigFile } from '../../shared/config/config-file';
import { configWarnings } from '../../shared/config/warnings';
import { formatProblem } from '../../shared/config/located';

const shipped = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');
const catalog = path.join(path.dirname(DEFAULT_CONFIG_FILE), 'catalog.yaml');
const FROM = '2026-12-02T07:00:00.000Z';

/** Writes a config (and the shipped catalog next to it) into a fresh folder. */
function writeConfig(text: string, catalogText?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'config-check-'));
  const file = path.join(dir, 'loyalty.config.yaml');
  writeFileSync(file, text);
  if (catalogText === undefined) copyFileSync(catalog, path.join(dir, 'catalog.yaml'));
  else writeFileSync(path.join(dir, 'catalog.yaml'), catalogText);
  return file;
}

/** 1-based line of the first occurrence of `text` in `source`. */
const lineOf = (source: string, text: string): number => {
  const at = source.indexOf(text);
  if (at < 0) throw new Error(`"${text}" is not in the config`);
  return source.slice(0, at).split('\n').length;
};

/** [what to replace in the shipped config, its replacement, the field that must be named, the text on the line it must name (default: the replaced text)] */
const badConfigs: [find: string, replace: string, field: string, lineText?: string][] = [
  ['name: Groove Records', 'name: ""', 'brand.name'],
  ['name: Groove Records', `name: "${'x'.repeat(101)}"`, 'brand.name'],
  ['url: https://shop.example.com', 'url: shop', 'brand.url'],
  ['helpUrl: https://shop.example.com/help', 'helpUrl: 42', 'brand.helpUrl'],
  ['postalAddress: Groove', `postalAddress: ${'y'.repeat(301)} Groove`, 'brand.postalAddress', 'postalAddress:'],
  ['deliveryNote: Your CDs', 'deliveryNote: ""\n  x: Your CDs', 'brand.deliveryNote', 'deliveryNote:'],
  ['  helpUrl: https://shop.example.com/help\n', '', 'brand.helpUrl', 'brand:'],
  ['catalogFile: catalog.yaml', 'catalogFile: ""', 'catalogFile'],
  ['catalogFile: catalog.yaml', 'catalogFile: [a, b]', 'catalogFile'],
  ['  name: loyalty\n', '  name: "my bus!"\n', 'bus.name', 'name: "my bus!"'],
  ['  name: loyalty\n', '', 'bus.name', 'bus:'],
  ['orderSource: shop.orders', 'orderSource: ""', 'bus.orderSource'],
  ['orderSource: shop.orders', 'orderSource: 7', 'bus.orderSource'],
  ['sender: hello@loyalty.example.com', 'sender: nobody', 'mail.sender'],
  ['sender: hello@loyalty.example.com', 'sender: [hello@loyalty.example.com]', 'mail.sender'],
  ['sender: hello@loyalty.example.com', 'sender: hello@loyalty.example.com\n  replyTo: not-an-address', 'mail.replyTo', 'replyTo:'],
  ['sendRatePerSecond: 10', 'sendRatePerSecond: 0', 'mail.sendRatePerSecond'],
  ['sendRatePerSecond: 10', 'sendRatePerSecond: 5000', 'mail.sendRatePerSecond'],
  ['sendRatePerSecond: 10', 'sendRatePerSecond: ten', 'mail.sendRatePerSecond'],
  ['maxPerRun: 1000', 'maxPerRun: 2.5', 'mail.maxPerRun'],
  ['maxPerRun: 1000', 'maxPerRun: 0', 'mail.maxPerRun'],
  ['maxPerRun: 1000', 'maxPerRun: 20000', 'mail.maxPerRun'],
  ['configurationSet: loyalty', 'configurationSet: ""', 'mail.configurationSet'],
  ['configurationSet: loyalty', 'configurationSet: loyalty\n  unsubscribeBaseUrl: not a url', 'mail.unsubscribeBaseUrl', 'unsubscribeBaseUrl:'],
  ['defaultSellerId: s-anna', 'defaultSellerId: s-nobody', 'sellers.defaultSellerId'],
  ['defaultSellerId: s-anna', 'defaultSellerId: ""', 'sellers.defaultSellerId'],
  ['{ id: s-anna,   name: Anna Berg,', '{ id: "",   name: Anna Berg,', 'sellers.directory.0.id'],
  ['name: Carlos Mendes,', 'name: "",', 'sellers.directory.1.name'],
  ['email: grace@loyalty.example.com', 'email: grace-at-example', 'sellers.directory.2.email'],
  ['timeZone: Asia/Tokyo', 'timeZone: Asia/Atlantis', 'sellers.directory.3.timeZone'],
  ['timeZone: America/New_York }', 'timeZone: EST5 }', 'sellers.directory.4.timeZone'],
  ['outreachDispatcher: { cron: "*/15 * * * *"', 'outreachDispatcher: { cron: "*/15 * * *"', 'schedules.outreachDispatcher.cron'],
  ['outreachDispatcher: { cron: "*/15 * * * *"', 'outreachDispatcher: { cron: "0 9 1 * 1"', 'schedules.outreachDispatcher.cron'],
  ['outreachDispatcher: { cron: "*/15 * * * *"', 'outreachDispatcher: { cron: "61 * * * *"', 'schedules.outreachDispatcher.cron'],
  ['outreachDispatcher: { cron: "*/15 * * * *", timeZone: UTC }', 'outreachDispatcher: { cron: "*/15 * * * *", timeZone: Mars/Base }', 'schedules.outreachDispatcher.timeZone'],
  ['outreachDispatcher: { cron: "*/15 * * * *", timeZone: UTC }', 'outreachDispatcher: { cron: "*/15 * * * *", timeZone: UTC, enabled: maybe }', 'schedules.outreachDispatcher.enabled'],
  ['  enabled: true\n  steps:', '  enabled: yes please\n  steps:', 'secondSale.enabled', 'enabled: yes please'],
  ['{ id: thank-you,    delayDays: 1 }', '{ id: thanks,    delayDays: 1 }', 'secondSale.steps.0.id'],
  ['{ id: thank-you,    delayDays: 1 }', '{ id: thank-you,    delayDays: -1 }', 'secondSale.steps.0.delayDays'],
  ['{ id: second-order, delayDays: 14 }', '{ id: second-order, delayDays: 400 }', 'secondSale.steps.1.delayDays'],
  ['{ id: second-order, delayDays: 14 }', '{ id: second-order }', 'secondSale.steps.1.delayDays'],
  ['delayDays: 5 ', 'delayDays: five ', 'upserve.delayDays'],
  ['modelSchedule: { cron: "30 2 * * *"', 'modelSchedule: { cron: "30 2 * *"', 'upserve.modelSchedule.cron'],
  ['productUrl: https://shop.example.com/p/{sku}', 'productUrl: https://shop.example.com/p/', 'upserve.productUrl'],
  ['minSupport: 20', 'minSupport: 2', 'upserve.minSupport'],
  ['settleHours: 2 ', 'settleHours: 49 ', 'upserve.settleHours'],
  ['  enabled: true\n  modelSchedule: { cron: "0 3', '  enabled: 1\n  modelSchedule: { cron: "0 3', 'risk.enabled', 'enabled: 1'],
  ['modelSchedule: { cron: "0 3 * * 0"', 'modelSchedule: { cron: "0 3 * * 8"', 'risk.modelSchedule.cron'],
  ['scorerSchedule: { cron: "0 4 * * *", timeZone: UTC }', 'scorerSchedule: { cron: "0 4 * * *", timeZone: utc+1 }', 'risk.scorerSchedule.timeZone'],
  ['winBackGraceDays: 3', 'winBackGraceDays: 61', 'risk.winBackGraceDays'],
  ['minScore: 0.5', 'minScore: 1.5', 'risk.minScore'],
  ['minSilenceDays: 30', 'minSilenceDays: -3', 'risk.minSilenceDays'],
  ['minRepeatCustomers: 100', 'minRepeatCustomers: 5', 'risk.minRepeatCustomers'],
  ['sellerDigest: { at: "08:00"', 'sellerDigest: { at: "8am"', 'risk.sellerDigest.at'],
  ['allQuietNote: false', 'allQuietNote: "no"', 'risk.sellerDigest.allQuietNote'],
  ['frequencyCap: { maxEmails: 1,', 'frequencyCap: { maxEmails: 0,', 'respect.frequencyCap.maxEmails'],
  ['perDays: 3 }', 'perDays: 0 }', 'respect.frequencyCap.perDays'],
  ['quietHours: { start: "21:00"', 'quietHours: { start: "24:00"', 'respect.quietHours.start'],
  ['end: "08:00" }', 'end: "8:00" }', 'respect.quietHours.end'],
  ['defaultTimeZone: America/New_York', 'defaultTimeZone: Nowhere/Town', 'respect.defaultTimeZone'],
  ['sellers:\n', 'sellers: 3\nold_sellers:\n', 'sellers', 'sellers: 3'],
];

describe('config:check errors', () => {
  it(`rejects each of ${badConfigs.length} bad configs naming the field and its line`, () => {
    expect(badConfigs.length).toBeGreaterThanOrEqual(50);
    for (const [find, replace, field, lineText] of badConfigs) {
      expect(shipped.includes(find), find).toBe(true);
      const text = shipped.replace(find, replace);
      const { errors } = checkConfigFile(writeConfig(text), FROM);
      const error = errors.find((e) => e.path === field);
      expect(error, `${field} in ${JSON.stringify(errors.map((e) => e.path))}`).toBeDefined();
      expect(error!.line, field).toBe(lineOf(text, lineText ?? replace.split('\n')[0]!));
      expect(formatProblem(error!)).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')} \\(.* line ${error!.line}, column \\d+\\): `));
    }
  });

  it('shows the bad value, its column and what was expected', () => {
    const text = shipped.replace('"*/15 * * * *"', '"*/15 * * *"');
    const [error] = checkConfigFile(writeConfig(text), FROM).errors;
    const line = text.split('\n')[lineOf(text, '*/15 * * *') - 1]!;
    expect(error).toMatchObject({ path: 'schedules.outreachDispatcher.cron', value: '"*/15 * * *"', column: line.indexOf('"*/15') + 1 });
    expect(error!.expected).toMatch(/^expected 5 cron fields/);
  });

  it.each([
    ['"*/15 25 * * *"', /^expected a valid hour field, got "25" \(.*0-23\)$/],
    ['"*/15 * * 13 *"', /^expected a valid month field, got "13" \(.*1-12\)$/],
    ['"x * * * *"', /^expected a valid minute field, got "x"/],
    ['"0 9 1 * 1"', /^expected day-of-month or day-of-week to be "\*"/],
  ])('names the cron field at fault in %s and the values it takes', (cron, expected) => {
    const [error] = checkConfigFile(writeConfig(shipped.replace('"*/15 * * * *"', cron)), FROM).errors;
    expect(error).toMatchObject({ path: 'schedules.outreachDispatcher.cron', value: cron });
    expect(error!.expected).toMatch(expected);
  });

  it('reports YAML syntax errors at their line', () => {
    const text = shipped.replace('  name: loyalty\n', '  name: [loyalty\n');
    const [error] = checkConfigFile(writeConfig(text), FROM).errors;
    expect(error).toMatchObject({ path: '(file)', line: expect.any(Number) });
    expect(error!.expected).toMatch(/^readable YAML/);
  });

  it('checks the catalog the config names: a relation to an unknown sku is an error at its line in the catalog', () => {
    const catalogText = readFileSync(catalog, 'utf8').replace('- sku: acc-cd-wallet', '- sku: acc-cd-walet');
    const file = writeConfig(shipped, catalogText);
    const errors = checkConfigFile(file, FROM).errors;
    expect(errors[0]).toMatchObject({ file: path.join(path.dirname(file), 'catalog.yaml'), path: 'products.0.relations.complements.1.sku', line: lineOf(catalogText, 'acc-cd-walet'), value: '"acc-cd-walet"' });
    expect(errors[0]!.expected).toBe('unknown sku "acc-cd-walet"');
  });
});

describe('config:check warnings', () => {
  const warningsOf = (text: string) => checkConfigFile(writeConfig(text), FROM).warnings;
  const cases: [name: string, find: string, replace: string, path: string, message: RegExp][] = [
    ['quiet hours covering almost the whole day', 'quietHours: { start: "21:00", end: "08:00" }', 'quietHours: { start: "21:00", end: "18:00" }', 'respect.quietHours', /quiet for 21\.0 h of the day/],
    ['a frequency cap holding the next step of a flow', 'perDays: 3 }', 'perDays: 20 }', 'respect.frequencyCap', /holds second-sale step second-order behind thank-you/],
    ['a frequency cap of over a month', 'frequencyCap: { maxEmails: 1, perDays: 3 }', 'frequencyCap: { maxEmails: 5, perDays: 45 }', 'respect.frequencyCap.perDays', /longer than 30 days/],
    ['a dispatcher slower than the shortest delay', '"*/15 * * * *"', '"0 9 * * 1"', 'schedules.outreachDispatcher.cron', /runs up to 7 days apart, longer than the shortest delay \(secondSale\.steps \(thank-you\): 1 days\)/],
    ['a second-order invitation before the thank-you', '{ id: second-order, delayDays: 14 }', '{ id: second-order, delayDays: 0.5 }', 'secondSale.steps.1.delayDays', /comes before the thank-you/],
    ['a win-back grace shorter than a digest cycle', 'winBackGraceDays: 3', 'winBackGraceDays: 0.5', 'risk.winBackGraceDays', /before the seller hears/],
    ['an unknown field', 'maxPerRun: 1000', 'maxPerRunn: 1000', 'mail.maxPerRunn', /unknown field/],
  ];
  it.each(cases)('warns about %s, at its line', (_name, find, replace, field, message) => {
    const text = shipped.replace(find, replace);
    const warning = warningsOf(text).find((w) => w.path === field);
    expect(warning?.message).toMatch(message);
    expect(warning!.line).toBe(lineOf(text, field === 'mail.maxPerRunn' ? 'maxPerRunn' : replace.split(',')[0]!.split(' }')[0]!));
  });

  it('warns about a seller time zone that no digest schedule covers', () => {
    const config = loadConfigFile();
    const schedules = wiring(config).flatMap((row) => row.triggers.flatMap((t) => (t.kind === 'schedule' && t.input?.timeZone !== 'Asia/Tokyo' ? [t] : [])));
    expect(configWarnings(config, schedules, FROM)).toEqual([{ path: 'sellers.directory.3.timeZone', message: 'no enabled digest schedule covers Asia/Tokyo: seller s-kenji gets no digest' }]);
  });

  it('has no warnings for the shipped config', () => {
    expect(warningsOf(shipped)).toEqual([]);
  });
});

describe('config:check schedules', () => {
  it("lists every schedule the stack creates with its next 5 firings, digests at 08:00 in each seller's zone", () => {
    const { schedules } = checkConfigFile(DEFAULT_CONFIG_FILE, FROM);
    expect(schedules.map((s) => s.name)).toEqual(expect.arrayContaining(['outreach-dispatcher', 'upserve-model', 'risk-model', 'risk-scorer', 'seller-digest-asia-tokyo']));
    const tokyo = schedules.find((s) => s.name === 'seller-digest-asia-tokyo')!;
    expect(tokyo.next).toEqual(['2026-12-02T23:00:00.000Z', '2026-12-03T23:00:00.000Z', '2026-12-04T23:00:00.000Z', '2026-12-05T23:00:00.000Z', '2026-12-06T23:00:00.000Z']);
    expect(schedules.find((s) => s.name === 'outreach-dispatcher')!.next[0]).toBe('2026-12-02T07:15:00.000Z');
  });
});

describe('npm run config:check', () => {
  const run = (file: string) => {
    try {
      return { code: 0, out: execFileSync('npx', ['tsx', 'scripts/config-check.ts', file], { encoding: 'utf8', stdio: 'pipe' }) };
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string };
      return { code: e.status, out: e.stdout + e.stderr };
    }
  };

  it('exits 0 with warnings, 1 on errors naming the field and its line', () => {
    const warned = run(writeConfig(shipped.replace('winBackGraceDays: 3', 'winBackGraceDays: 0')));
    expect(warned.code).toBe(0);
    expect(warned.out).toMatch(/1 warning\(s\):\n {2}! risk\.winBackGraceDays \(.* line \d+, column \d+\)/);
    expect(warned.out).toMatch(/seller-digest-europe-berlin → seller-digest: "0 8 \* \* \*" in Europe\/Berlin\n {4}\d{4}-\d\d-\d\d \w{3} 08:00 \(GMT\+[12]\) {2}→ {2}\d{4}-\d\d-\d\d 0[67]:00 UTC/);
    const text = shipped.replace('"0 4 * * *"', '"0 4 * *"');
    const broken = run(writeConfig(text));
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`risk.scorerSchedule.cron (`);
    expect(broken.out).toContain(`line ${lineOf(text, '"0 4 * *"')}, column`);
  }, 30_000);
});
