import path from 'node:path';
import { loadValidatedFile } from './load';
import { LoyaltyConfig } from './schema';

/** The config file shipped with the project: the defaults `npm start` and `cdk deploy` use. */
export const DEFAULT_CONFIG_FILE = path.resolve(__dirname, '../../config/loyalty.config.yaml');

/** Reads and validates a loyalty config file (YAML or JSON). */
export const loadConfigFile = (file: string = DEFAULT_CONFIG_FILE): LoyaltyConfig => loadValidatedFile(file, LoyaltyConfig);

/** The catalog a config names, which sits relative to the config file. */
export const catalogFileOf = (configFile: string, config: LoyaltyConfig): string => path.resolve(path.dirname(configFile), config.catalogFile);
