import { readFileSync } from 'node:fs';
import { wiring } from '../../infra/wiring';
import { Catalog } from '../../shared/config/catalog';
import { catalogFileOf } from '../../shared/config/config-file';
import { locatedIssue, locateIssues, parseLocatedYaml, validateLocated, type LocatedProblem, type LocatedYaml } from '../../shared/config/located';
import { nextFireTimes } from '../../shared/config/schedule';
import { LoyaltyConfig } from '../../shared/config/schema';
import { parseStageConfig } from '../../shared/config/stages';
import { configWarnings, type ConfigWarning, type NamedSchedule } from '../../shared/config/warnings';

/** A schedule the stack would create, with its next firings (UTC ISO). */
export interface ScheduleFirings extends NamedSchedule {
  functionId: string;
  next: string[];
}

/** What `config:check` found: errors (with line and column), warnings and, for a valid file, every schedule's next firings. */
export interface ConfigCheck {
  errors: LocatedProblem[];
  warnings: (ConfigWarning & { line: number; column: number })[];
  schedules: ScheduleFirings[];
}

/** Checks a config file, each of its stages and the catalogs they name, as synth and start would validate them, plus the likely mistakes. */
export function checkConfigFile(file: string, from: string, firings = 5): ConfigCheck {
  const source = parseLocatedYaml(readFileSync(file, 'utf8'), file);
  const { data: config, problems } = validateLocated(source, LoyaltyConfig);
  if (!config) return { errors: problems, warnings: [], schedules: [] };
  const schedules = schedulesOf(config, from, firings);
  const located = (w: ConfigWarning) => ({ ...w, ...source.locate(w.path.split(' ')[0]!.split('.')) });
  const fileWarnings = [...unknownFields(source.data, config, []).map(unknownField), ...configWarnings(config, schedules, from)];
  const stages = Object.keys(config.stages ?? {}).map((stage) => checkStage(source, stage, from, { fileCatalog: config.catalogFile, fileWarnings }));
  return {
    errors: [...catalogProblems(catalogFileOf(file, config), source), ...stages.flatMap((s) => s.errors)],
    warnings: [...fileWarnings, ...stages.flatMap((s) => s.warnings)].map(located),
    schedules,
  };
}

/** One stage's config, merged and validated as a stage's synth would; its warnings under `stages.<stage>.` unless the file has them already. */
function checkStage(source: LocatedYaml, stage: string, from: string, { fileCatalog, fileWarnings }: { fileCatalog: string; fileWarnings: readonly ConfigWarning[] }): { errors: LocatedProblem[]; warnings: ConfigWarning[] } {
  const result = parseStageConfig(source.data, stage);
  if (!result.success) return { errors: locateIssues(source, result.issues), warnings: [] };
  const config = result.data;
  const known = new Set(fileWarnings.map((w) => `${w.path}: ${w.message}`));
  const overrides = (source.data as { stages: Record<string, unknown> }).stages[stage];
  const warnings = [
    ...unknownFields(overrides, config, ['stages', stage]).map(unknownField),
    ...configWarnings(config, schedulesOf(config, from, 0), from)
      .filter((w) => !known.has(`${w.path}: ${w.message}`))
      .map((w) => ({ ...w, path: `stages.${stage}.${w.path}` })),
  ];
  // The file's catalog is checked once; a stage naming its own is checked too.
  const catalog = config.catalogFile === fileCatalog ? [] : catalogProblems(catalogFileOf(source.file, config), source);
  return { errors: catalog, warnings };
}

/** Every schedule the stack would create for a config, with its next `firings`. */
const schedulesOf = (config: LoyaltyConfig, from: string, firings: number): ScheduleFirings[] =>
  wiring(config).flatMap((row) =>
    row.triggers.flatMap((t) => (t.kind === 'schedule' ? [{ functionId: row.id, name: t.name, schedule: t.schedule, input: t.input, next: t.schedule.enabled && firings ? nextFireTimes(t.schedule, from, firings) : [] }] : [])),
  );

const unknownField = (path: string): ConfigWarning => ({ path, message: 'unknown field: ignored (a typo?)' });

/** The catalog named by the config, validated with its own schema (relations must point at known skus). */
function catalogProblems(catalogFile: string, config: LocatedYaml): LocatedProblem[] {
  let text: string;
  try {
    text = readFileSync(catalogFile, 'utf8');
  } catch {
    return [locatedIssue(config, ['catalogFile'], `a readable catalog file (${catalogFile} cannot be read)`)];
  }
  return validateLocated(parseLocatedYaml(text, catalogFile), Catalog).problems;
}

/** Paths written in the file that the schema does not know: zod drops them silently. */
function unknownFields(raw: unknown, parsed: unknown, at: string[]): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) return raw.flatMap((item, i) => unknownFields(item, parsed[i], [...at, String(i)]));
  if (!isRecord(raw) || !isRecord(parsed)) return [];
  return Object.entries(raw).flatMap(([key, value]) => (key in parsed ? unknownFields(value, parsed[key], [...at, key]) : [[...at, key].join('.')]));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
