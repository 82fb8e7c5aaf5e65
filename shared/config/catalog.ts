import * as z from 'zod';
import { loadValidatedFile } from './yaml-file';

const sku = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected a sku of letters, digits, ".", "_" or "-" (max 64)');
const text = (max: number) => z.string().trim().min(1).max(max);
const oneLine = (max: number) => text(max).regex(/^[^\r\n]*$/, 'expected a single line');

/** A product that helps with another; `reason` completes "… because it <reason>". */
export const Complement = z.object({
  sku,
  reason: oneLine(160),
});
export type Complement = z.infer<typeof Complement>;

/** A short care tip shown after a purchase. */
export const CareTip = z.object({ title: oneLine(120), body: text(1000) });
export type CareTip = z.infer<typeof CareTip>;

/** A usage guide: inline text, a link, or both. */
export const HowTo = z
  .object({ title: oneLine(120), body: text(1000).optional(), url: z.url().optional() })
  .refine((h) => h.body !== undefined || h.url !== undefined, { message: 'expected a body or a url' });
export type HowTo = z.infer<typeof HowTo>;

/** What the catalog knows about how a product serves its owner. */
export const Relations = z.object({
  complements: z.array(Complement).max(20).optional(),
  careTips: z.array(CareTip).max(20).optional(),
  howTo: z.array(HowTo).max(20).optional(),
  /** Days after which a consumable is typically used up. */
  replenishAfterDays: z.int().min(1).max(730).optional(),
});
export type Relations = z.infer<typeof Relations>;

/** One product of the shop. */
export const Product = z.object({
  sku,
  name: text(200),
  category: text(100),
  price: z.number().positive(),
  relations: Relations.optional(),
});
export type Product = z.infer<typeof Product>;

/** The product catalog; cross references are checked so every relation points at a real product. */
export const Catalog = z.object({ products: z.array(Product).min(1) }).superRefine((catalog, ctx) => {
  for (const issue of crossReferenceIssues(catalog.products)) ctx.addIssue({ code: 'custom', ...issue });
});
export type Catalog = z.infer<typeof Catalog>;

interface PathIssue {
  path: (string | number)[];
  message: string;
}

function crossReferenceIssues(products: readonly Product[]): PathIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: PathIssue[] = [];
  products.forEach((product, i) => {
    const seen = firstIndex.get(product.sku);
    if (seen === undefined) firstIndex.set(product.sku, i);
    else issues.push({ path: ['products', i, 'sku'], message: `duplicate sku "${product.sku}" (first at products.${seen})` });
  });
  products.forEach((product, i) => {
    product.relations?.complements?.forEach((complement, j) => {
      const path = ['products', i, 'relations', 'complements', j, 'sku'];
      if (complement.sku === product.sku) issues.push({ path, message: `a product cannot complement itself ("${complement.sku}")` });
      else if (!firstIndex.has(complement.sku)) issues.push({ path, message: `unknown sku "${complement.sku}"` });
    });
  });
  return issues;
}

/** Reads and validates a catalog file, throwing `InvalidFileError` naming each bad field. */
export const loadCatalog = (file: string): Catalog => loadValidatedFile(file, Catalog);
