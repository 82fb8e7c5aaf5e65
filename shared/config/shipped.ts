import { readFileSync } from 'node:fs';
import type { Catalog } from './catalog';
import { InvalidFileError } from './load';
import type { Schedule } from './schedule';
import type { LoyaltyConfig } from './schema';

/** `T` without its schedules: every field holding a {@link Schedule} goes, at any depth. */
export type WithoutSchedules<T> = T extends readonly (infer U)[]
  ? WithoutSchedules<U>[]
  : T extends object
    ? { [K in keyof T as T[K] extends Schedule ? never : K]: WithoutSchedules<T[K]> }
    : T;

/**
 * The config a function runs with: the stage's, merged; without the schedules, which are the
 * stack's (EventBridge Scheduler fires them), not the functions'.
 */
export type FunctionConfig = WithoutSchedules<Omit<LoyaltyConfig, 'stages'>>;

/** What synth ships in every bundle: the function config and the catalog it names, both validated. */
export interface ShippedConfig {
  config: FunctionConfig;
  catalog: Catalog;
}

/**
 * Reads the shipped config as is. Synth validated it and wrote it as JSON, so a cold start parses
 * neither YAML nor cron expressions and runs no schema: only the file synth wrote is read here.
 */
export function readShippedConfig(file: string): ShippedConfig {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as ShippedConfig;
  } catch (cause) {
    throw new InvalidFileError(file, [`(file): expected the JSON config synth ships: ${(cause as Error).message}`]);
  }
}
