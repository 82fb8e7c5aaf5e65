import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../shared/config/catalog';
import { catalogFileOf } from '../shared/config/config-file';
import type { LoyaltyConfig } from '../shared/config/schema';
import type { FunctionConfig, ShippedConfig } from '../shared/config/shipped';

/** A file copied into every function's bundle: from where, to which path inside the bundle. */
export interface BundledFile {
  source: string;
  target: string;
}

/** Where the shipped config sits in every bundle, relative to the task root (`/var/task` in Lambda). */
export const BUNDLED_CONFIG_FILE = 'loyalty.config.json';

/**
 * Every file the functions read at run time: one, the shipped config, which carries the catalog
 * the config names. Both are validated here, so a synth fails on a bad field or on a catalog it
 * could not read, and a cold start reads them as JSON without parsing YAML or running a schema.
 * The config ships as the functions read it, without the schedules (the stack's, not theirs), so
 * changing a cron changes that schedule only and no function's code. A stage's stack passes the
 * stage's merged config, which is what its functions get; the overrides of other stages never ship.
 */
export function bundledFiles(configFile: string, config: LoyaltyConfig): BundledFile[] {
  return [{ source: shippedConfigFile(configFile, config), target: BUNDLED_CONFIG_FILE }];
}

/** The shipped config of a config file, written to a file of its own: what the bundles carry and the local runner's functions read. */
export const shippedConfigFile = (configFile: string, config: LoyaltyConfig): string =>
  staged(BUNDLED_CONFIG_FILE, `${JSON.stringify(shippedConfig(configFile, config), null, 2)}\n`);

/** The config as the functions get it, with the catalog it names read and validated. */
export const shippedConfig = (configFile: string, config: LoyaltyConfig): ShippedConfig => ({
  config: withoutSchedules(ownConfig(config)) as FunctionConfig,
  catalog: loadCatalog(catalogFileOf(configFile, config)),
});

/** The config the functions run with: the stages are merged (or not wanted) by now. */
const ownConfig = ({ stages: _stages, ...config }: LoyaltyConfig): Omit<LoyaltyConfig, 'stages'> => config;

/** The config without its schedules: every `{ cron, … }` value goes. */
export function withoutSchedules(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSchedules);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, v]) => (isSchedule(v) ? [] : [[key, withoutSchedules(v)]])));
}

const isSchedule = (value: unknown): boolean => typeof value === 'object' && value !== null && typeof (value as { cron?: unknown }).cron === 'string';

/** Writes `text` where its content names the folder: the same content is the same file, so the bundles' asset hashes stay put. */
function staged(name: string, text: string): string {
  const dir = path.join(tmpdir(), 'loyalty-bundled-files', createHash('sha256').update(text).digest('hex').slice(0, 16));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}
