import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeIssues, InvalidFileError } from './load';
import { loadValidatedFile, parseYamlOf } from './yaml-file';
import { LoyaltyConfig } from './schema';
import { parseStageConfig } from './stages';

/** The config file shipped with the project: the defaults `npm start` and `cdk deploy` use. */
export const DEFAULT_CONFIG_FILE = path.resolve(__dirname, '../../config/loyalty.config.yaml');

/** Reads and validates a loyalty config file (YAML or JSON). */
export const loadConfigFile = (file: string = DEFAULT_CONFIG_FILE): LoyaltyConfig => loadValidatedFile(file, LoyaltyConfig);

/** Reads a config file as one stage sees it (its overrides merged, its own names), throwing {@link InvalidFileError} naming each bad field. */
export function configForStage(file: string, stage: string): LoyaltyConfig {
  const result = parseStageConfig(parseYamlOf(readFileSync(file, 'utf8'), file), stage);
  if (!result.success) throw new InvalidFileError(file, describeIssues(result));
  return result.data;
}

/** The catalog a config names, which sits relative to the config file. */
export const catalogFileOf = (configFile: string, config: LoyaltyConfig): string => path.resolve(path.dirname(configFile), config.catalogFile);
