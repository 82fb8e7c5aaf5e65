import { describe, expect, it } from 'vitest';
import { suppressionHash } from '../../shared/domain/suppression-hash';

describe('the keyed hash of an erased customer or address', () => {
  it('is the same for an address in any case or padding, and differs by pepper and by kind', () => {
    const hash = suppressionHash('pepper-one-0123456', 'address', 'ana@example.com');
    expect(suppressionHash('pepper-one-0123456', 'address', '  Ana@Example.COM ')).toBe(hash);
    expect(suppressionHash('pepper-two-0123456', 'address', 'ana@example.com')).not.toBe(hash);
    expect(suppressionHash('pepper-one-0123456', 'customer', 'ana@example.com')).not.toBe(hash);
    expect(suppressionHash('pepper-one-0123456', 'customer', 'C-42')).not.toBe(suppressionHash('pepper-one-0123456', 'customer', 'c-42'));
  });

  it('holds nothing of what it hashes', () => {
    const hash = suppressionHash('pepper-one-0123456', 'address', 'ana@example.com');
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash.toLowerCase()).not.toContain('ana');
  });
});
