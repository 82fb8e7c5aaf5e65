import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../shared/config/config-file';
import { InvalidFileError } from '../../shared/config/load';
import { fireTimes } from '../../shared/config/schedule';

const writeConfig = (text: string): string => {
  const file = path.join(tmpdir(), `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
};
const problemsOf = (file: string): string[] => {
  try {
    loadConfigFile(file);
  } catch (error) {
    if (error instanceof InvalidFileError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be rejected');
};

const minimal = `
brand: { name: Shop, url: "https://shop.example.com", helpUrl: "https://shop.example.com/help" }
bus: { name: loyalty }
mail: { sender: hello@example.com }
sellers: { defaultSellerId: s1, directory: [{ id: s1, name: S, email: s@example.com, timeZone: Europe/Berlin }] }
schedules: {}
secondSale: {}
respect: {}
`;

describe('loyalty config', () => {
  it('accepts the shipped config and a minimal one, filling defaults', () => {
    expect(loadConfigFile().sellers.directory.length).toBeGreaterThan(1);
    const config = loadConfigFile(writeConfig(minimal));
    expect(config.bus.orderSource).toBe('shop.orders');
    expect(config.secondSale.steps.map((s) => [s.id, s.delayDays])).toEqual([['thank-you', 1], ['second-order', 14]]);
    expect(config.respect.quietHours).toEqual({ start: '21:00', end: '08:00' });
  });

  it('names every bad field and what was expected', () => {
    const file = writeConfig(
      minimal
        .replace('hello@example.com', 'nobody')
        .replace('defaultSellerId: s1', 'defaultSellerId: s9')
        .replace('respect: {}', 'respect: { quietHours: { start: "25:00", end: "08:00" } }')
        .replace('schedules: {}', 'schedules: { outreachDispatcher: { cron: "*/15 * * *" } }'),
    );
    expect(problemsOf(file)).toEqual([
      'mail.sender: Invalid email address',
      expect.stringMatching(/^schedules\.outreachDispatcher\.cron: expected 5 cron fields/),
      'respect.quietHours.start: expected a 24-hour time HH:MM',
      "sellers.defaultSellerId: expected one of the directory's seller ids (s1)",
    ]);
  });

  it('says so when the file is not YAML', () => {
    expect(problemsOf(writeConfig('bus: [unclosed'))[0]).toMatch(/^\(file\): cannot be read as YAML\/JSON/);
  });

  it('fires a cron schedule at its local time across a daylight-saving change', () => {
    expect(fireTimes({ cron: '0 7 * * *', timeZone: 'Europe/Berlin', enabled: true }, '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z')).toEqual([
      '2026-03-28T06:00:00.000Z',
      '2026-03-29T05:00:00.000Z',
    ]);
  });
});
