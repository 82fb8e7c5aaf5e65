import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadCatalog } from '../../../shared/config/catalog';
import { InvalidFileError } from '../../../shared/config/load';

const dir = mkdtempSync(path.join(tmpdir(), 'catalog-test-'));

function writeCatalog(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, stringify(content));
  return file;
}

const product = (sku: string, extra: object = {}) => ({ sku, name: `Product ${sku}`, category: 'rock', price: 12.99, ...extra });

function problemsOf(file: string): string[] {
  try {
    loadCatalog(file);
  } catch (error) {
    if (error instanceof InvalidFileError) return error.problems;
    throw error;
  }
  throw new Error(`${file} was expected to be invalid`);
}

describe('loadCatalog', () => {
  it('loads the demo music-store catalog with a category on every product', () => {
    const catalog = loadCatalog(path.resolve(__dirname, '../../../config/catalog.yaml'));
    expect(catalog.products.length).toBeGreaterThanOrEqual(16);
    expect(catalog.products.find((p) => p.sku === 'acc-cd-cleaning-kit')?.relations?.replenishAfterDays).toBe(120);
  });

  it('names the field path of an unknown complement sku', () => {
    const file = writeCatalog('unknown.yaml', {
      products: [product('a'), product('b'), product('c'), product('d', { relations: { complements: [{ sku: 'X', reason: 'helps' }] } })],
    });
    expect(problemsOf(file)).toEqual(['products.3.relations.complements.0.sku: unknown sku "X"']);
  });

  it('rejects a product that complements itself', () => {
    const file = writeCatalog('self.yaml', { products: [product('a', { relations: { complements: [{ sku: 'a', reason: 'helps' }] } })] });
    expect(problemsOf(file)).toEqual(['products.0.relations.complements.0.sku: a product cannot complement itself ("a")']);
  });

  it('rejects duplicate skus, pointing at the first occurrence', () => {
    const file = writeCatalog('dup.yaml', { products: [product('a'), product('b'), product('a')] });
    expect(problemsOf(file)).toEqual(['products.2.sku: duplicate sku "a" (first at products.0)']);
  });

  it('lists every bad field of a product, not only the first', () => {
    const file = writeCatalog('fields.yaml', {
      products: [{ sku: 'a', name: 'A', price: -1, relations: { complements: [{ sku: 'a', reason: 'two\nlines' }], howTo: [{ title: 'No body' }] } }],
    });
    const problems = problemsOf(file);
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'products.0.category',
      'products.0.price',
      'products.0.relations.complements.0.reason',
      'products.0.relations.howTo.0',
    ]);
    expect(problems[3]).toContain('expected a body or a url');
  });
});
