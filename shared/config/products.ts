import type { Catalog, Product } from './catalog';
import type { UpserveConfig } from './upserve';

// Apart from the schemas: a function that looks up products carries neither them nor what they import.

/** Products by sku, for lookups in the up-serve rules. */
export const productsBySku = (catalog: Catalog): ReadonlyMap<string, Product> =>
  new Map(catalog.products.map((p) => [p.sku, p]));

/** The page a suggestion or reorder button for `sku` links to. */
export const productPageUrl = (upserve: Pick<UpserveConfig, 'productUrl'>, shopUrl: string, sku: string): string =>
  upserve.productUrl?.replace('{sku}', encodeURIComponent(sku)) ?? shopUrl;
