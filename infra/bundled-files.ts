import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../shared/config/catalog';
import { catalogFileOf } from '../shared/config/config-file';
import { InvalidFileError } from '../shared/config/load';
import type { LoyaltyConfig } from '../shared/config/schema';

/** A file copied into every function's bundle: from where, to which path inside the bundle. */
export interface BundledFile {
  source: string;
  target: string;
}

/** Where the config sits in every bundle, relative to the task root (`/var/task` in Lambda). */
export const BUNDLED_CONFIG_FILE = 'loyalty.config.yaml';

/**
 * Every file the functions read at run time: the config and the catalog it names, at the same
 * place relative to each other as in the source tree. The catalog is validated here, so a synth
 * fails on a file a bundle would miss or could not read. The config ships as the functions read
 * it, without the schedules (the stack's, not theirs) and the file's comments, so changing a cron
 * changes that schedule only and no function's code. A stage's stack passes the stage's merged
 * config, which is what its functions get; the overrides of other stages never ship.
 */
export function bundledFiles(configFile: string, config: LoyaltyConfig): BundledFile[] {
  const catalogFile = catalogFileOf(configFile, config);
  const catalogTarget = path.normalize(config.catalogFile);
  if (path.isAbsolute(catalogTarget) || catalogTarget.startsWith('..')) {
    throw new InvalidFileError(configFile, [`catalogFile: expected a path inside the config's folder, so it can ship beside it (got ${config.catalogFile})`]);
  }
  loadCatalog(catalogFile);
  return [
    { source: staged(BUNDLED_CONFIG_FILE, `${JSON.stringify(withoutSchedules(ownConfig(config)), null, 2)}\n`), target: BUNDLED_CONFIG_FILE },
    { source: staged(path.basename(catalogFile), readFileSync(catalogFile, 'utf8')), target: catalogTarget },
  ];
}

/** The config the functions run with: the stages are merged (or not wanted) by now. */
const ownConfig = ({ stages: _stages, ...config }: LoyaltyConfig): Omit<LoyaltyConfig, 'stages'> => config;

/** The config without its schedules: every `{ cron, … }` value goes (JSON is YAML, so the functions read it as they read the file). */
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
