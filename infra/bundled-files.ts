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
 * fails on a file a bundle would miss or could not read.
 */
export function bundledFiles(configFile: string, config: LoyaltyConfig): BundledFile[] {
  const catalogFile = catalogFileOf(configFile, config);
  const catalogTarget = path.normalize(config.catalogFile);
  if (path.isAbsolute(catalogTarget) || catalogTarget.startsWith('..')) {
    throw new InvalidFileError(configFile, [`catalogFile: expected a path inside the config's folder, so it can ship beside it (got ${config.catalogFile})`]);
  }
  loadCatalog(catalogFile);
  return [
    { source: path.resolve(configFile), target: BUNDLED_CONFIG_FILE },
    { source: catalogFile, target: catalogTarget },
  ];
}
