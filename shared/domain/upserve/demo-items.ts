import type { Catalog, Product } from '../../config/catalog';
import type { OrderItem } from '../../contracts/events';
import { seededUniform } from '../random';

/** An order line derived for a replayed order that has no product data (CDNOW). */
export type DemoItem = OrderItem & { category: string };

/** The catalog category that holds accessories rather than music; never a customer's favourite genre. */
export const ACCESSORY_CATEGORY = 'accessories';

/** Bounds the work for absurd order values; CDNOW's largest order ($1,286) needs under 200 picks. */
const MAX_PICKS = 500;
/** How often a pick comes from the customer's favourite genre, then from accessories; the rest is any product. */
const FAVOURITE_SHARE = 0.7;
const ACCESSORY_SHARE = 0.15;

/**
 * Derives plausible order lines totalling close to `orderValue` (within half the cheapest price,
 * unless the order is cheaper than any product or absurdly large), deterministically from `seed`.
 * Use `seed = "<customerId>:<orderKey>"`: the part before the first ":" picks the customer's
 * favourite genre, so one customer keeps buying mostly one genre and bought-together
 * statistics computed on the replay have signal.
 */
export function deriveDemoItems(catalog: Catalog, orderValue: number, seed: string): DemoItem[] {
  const products = [...catalog.products].sort((a, b) => a.price - b.price || a.sku.localeCompare(b.sku));
  const cheapest = products[0]!.price;
  const slack = cheapest / 2;
  const random = seededRandom(seed);
  const favourite = favouriteGenre(products, seed.split(':')[0]!);
  const lines = new Map<string, DemoItem>();
  let remaining = orderValue;
  for (let pick = 0; pick < MAX_PICKS && remaining >= cheapest - slack; pick++) {
    const affordable = products.filter((p) => p.price <= remaining + slack);
    const product = pickFrom(choosePool(affordable, favourite, random()), lines, random());
    addLine(lines, product);
    remaining -= product.price;
  }
  if (lines.size === 0) addLine(lines, products[0]!);
  return [...lines.values()];
}

/** The favourite genre of a customer: a stable choice among the catalog's music categories. */
function favouriteGenre(products: readonly Product[], customerKey: string): string | undefined {
  const genres = [...new Set(products.map((p) => p.category))].filter((c) => c !== ACCESSORY_CATEGORY).sort();
  return genres[hash32(customerKey) % Math.max(genres.length, 1)];
}

function choosePool(affordable: Product[], favourite: string | undefined, draw: number): Product[] {
  const inCategory = (category: string | undefined) => affordable.filter((p) => p.category === category);
  const preferred =
    draw < FAVOURITE_SHARE
      ? inCategory(favourite)
      : draw < FAVOURITE_SHARE + ACCESSORY_SHARE
        ? inCategory(ACCESSORY_CATEGORY)
        : affordable;
  return preferred.length > 0 ? preferred : affordable;
}

/** Prefers a product not yet in the order: people rarely buy two copies of one album. */
function pickFrom(pool: Product[], lines: ReadonlyMap<string, DemoItem>, draw: number): Product {
  const fresh = pool.filter((p) => !lines.has(p.sku));
  const candidates = fresh.length > 0 ? fresh : pool;
  return candidates[Math.floor(draw * candidates.length)]!;
}

function addLine(lines: Map<string, DemoItem>, product: Product): void {
  const line = lines.get(product.sku);
  if (line) line.quantity += 1;
  else lines.set(product.sku, { sku: product.sku, name: product.name, category: product.category, quantity: 1, unitPrice: product.price });
}

/** FNV-1a: a small, stable string hash (not for security). */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Uniform draws in [0, 1), seeded by the string's hash: the same sequence for the same seed. */
const seededRandom = (seed: string): (() => number) => seededUniform(hash32(seed));
