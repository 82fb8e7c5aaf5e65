import type * as z from 'zod';
import { LoyaltyConfig } from './schema';

/** A config validated for one stage, or every issue with the path where the file writes the field. */
export type StageParse = { success: true; data: LoyaltyConfig } | { success: false; issues: z.core.$ZodIssue[] };

/**
 * The config of `stage` (none: the file as written): the stage's overrides deep-merged over the
 * file's sections and validated with the same schema, then its own names (`bus.name` and
 * `mail.configurationSet` suffixed `-<stage>`), so two stages never share a bus or a configuration
 * set. The file itself is valid by then, so every issue of the merge is the stage's: it is named
 * under `stages.<stage>.`.
 */
export function parseStageConfig(raw: unknown, stage?: string): StageParse {
  const file = LoyaltyConfig.safeParse(raw);
  if (!file.success) return { success: false, issues: file.error.issues };
  if (stage === undefined) return { success: true, data: file.data };
  const stages = file.data.stages ?? {};
  if (!(stage in stages)) {
    const known = Object.keys(stages);
    return { success: false, issues: [{ code: 'custom', path: ['stages'], input: stage, message: `expected a section for stage "${stage}" (${known.length ? `the file has ${known.join(', ')}` : 'the file has no stages'})` }] };
  }
  const { stages: _all, ...sections } = raw as Record<string, unknown>;
  const overrides = stages[stage]!;
  const merged = LoyaltyConfig.safeParse(deepMerge(sections, overrides));
  if (!merged.success) return { success: false, issues: merged.error.issues.map((issue) => ({ ...issue, path: ['stages', stage, ...issue.path] })) };
  const { bus, mail } = merged.data;
  return { success: true, data: { ...merged.data, bus: { ...bus, name: `${bus.name}-${stage}` }, mail: { ...mail, configurationSet: `${mail.configurationSet}-${stage}` } } };
}

/** `over` merged into `base`: maps merge key by key, anything else (a list, a value) replaces. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = deepMerge(base[key], value);
  return merged;
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
