import path from 'node:path';
import { loadCatalog } from '../../../shared/config/catalog';
import { deriveDemoItems } from '../../../shared/domain/upserve/demo-items';
import type { ItemDeriver } from './cdnow-events';

/** The demo catalog the CDNOW replay derives its order lines from. */
export const DEMO_CATALOG_FILE = path.resolve(__dirname, '../../../config/catalog.yaml');

/** Order lines from the demo catalog, deterministic per customer and order. */
export const demoItems = (file = DEMO_CATALOG_FILE): ItemDeriver => {
  const catalog = loadCatalog(file);
  return (total, seed) => deriveDemoItems(catalog, total, seed);
};
