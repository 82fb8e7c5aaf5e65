import { readFileSync } from 'node:fs';
import { wiring } from '../../infra/wiring';
import { Catalog } from '../../shared/config/catalog';
import { catalogFileOf } from '../../shared/config/config-file';
import { locatedIssue, parseLocatedYaml, validateLocated, type LocatedProblem, type LocatedYaml } from '../../shared/config/located';
import { nextFireTimes } from '../../shared/config/schedule';
import { LoyaltyConfig } from '../../shared/config/schema';
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

/** Checks a config file and the catalog it names, as synth and start would validate them, plus the likely mistakes. */
export function checkConfigFile(file: string, from: string, firings = 5): ConfigCheck {
  const source = parseLocatedYaml(readFileSync(file, 'utf8'), file);
  const { data: config, problems } = validateLocated(source, LoyaltyConfig);
  if (!config) return { errors: problems, warnings: [], schedules: [] };
  const schedules = wiring(config).flatMap((row) =>
    row.triggers.flatMap((t) => (t.kind === 'schedule' ? [{ functionId: row.id, name: t.name, schedule: t.schedule, input: t.input, next: t.schedule.enabled ? nextFireTimes(t.schedule, from, firings) : [] }] : [])),
  );
  const located = (w: ConfigWarning) => ({ ...w, ...source.locate(w.path.split(' ')[0]!.split('.')) });
  return {
    errors: catalogProblems(catalogFileOf(file, config), source),
    warnings: [...unknownFields(source.data, config, []).map((p) => ({ path: p, message: 'unknown field: ignored (a typo?)' })), ...configWarnings(config, schedules, from)].map(located),
    schedules,
  };
}

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
