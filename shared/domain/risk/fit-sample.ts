import type { CustomerHistory } from './summary';

/**
 * The customers a refit fits on: all of them up to `max`, else the `max` with the lowest hash of their
 * id. The hash keeps the choice the same from week to week (a customer stays in the sample) and
 * unrelated to how or when they buy, so the sample has the population's shape.
 */
export function fitSample(histories: readonly CustomerHistory[], max: number): readonly CustomerHistory[] {
  if (histories.length <= max) return histories;
  return histories
    .map((h) => [fnv1a(h.customerId), h] as const)
    .sort((p, q) => p[0] - q[0])
    .slice(0, max)
    .map(([, h]) => h);
}

// 32-bit FNV-1a: cheap and well spread over short ids.
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
