import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../shared/config/catalog';
import { ACCESSORY_CATEGORY, deriveDemoItems, type DemoItem } from '../../../shared/domain/upserve/demo-items';

const catalog = loadCatalog(path.resolve(__dirname, '../../../config/catalog.yaml'));
const cheapest = Math.min(...catalog.products.map((p) => p.price));
const totalOf = (items: readonly DemoItem[]) => items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0);

describe('deriveDemoItems', () => {
  it('is deterministic for a seed', () => {
    expect(deriveDemoItems(catalog, 38.5, '42:1997-01-03')).toEqual(deriveDemoItems(catalog, 38.5, '42:1997-01-03'));
  });

  it('totals within half the cheapest price of the order value, catalog prices and names included', () => {
    for (const value of [7.5, 11.77, 25.98, 71.45, 173.07, 1286.01]) {
      const items = deriveDemoItems(catalog, value, `7:${value}`);
      expect(Math.abs(totalOf(items) - value)).toBeLessThanOrEqual(cheapest / 2);
      for (const item of items) {
        const product = catalog.products.find((p) => p.sku === item.sku);
        expect(item).toMatchObject({ name: product?.name, category: product?.category, unitPrice: product?.price });
      }
    }
  });

  it('still returns the cheapest product for an order cheaper than any product', () => {
    expect(deriveDemoItems(catalog, 1, '3:x')).toEqual([expect.objectContaining({ sku: 'acc-jewel-cases-10', quantity: 1 })]);
  });

  it('keeps a customer mostly in one genre across orders', () => {
    const categories = Array.from({ length: 30 }, (_, i) => deriveDemoItems(catalog, 30, `1234:order-${i}`))
      .flat()
      .map((item) => item.category)
      .filter((category) => category !== ACCESSORY_CATEGORY);
    const counts = new Map<string, number>();
    for (const category of categories) counts.set(category, (counts.get(category) ?? 0) + 1);
    expect(Math.max(...counts.values()) / categories.length).toBeGreaterThan(0.6);
  });
});
