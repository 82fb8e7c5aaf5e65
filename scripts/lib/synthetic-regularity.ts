import { seededUniform } from '../../shared/domain/random';
import type { CustomerHistory } from '../../shared/domain/risk/summary';
import { DAY_MS } from '../../shared/domain/time';

/**
 * Synthetic buyers with a known regularity, for checking that the at-risk timing follows each
 * population's rhythm: `clockwork` (gamma gaps of shape 30, spread ±18 %), `poisson` (exponential
 * gaps) and `bursty` (a run of quick orders, then a long pause: gaps far more spread than Poisson).
 * Each customer has their own mean gap (2–8 weeks), first buys within the first 8 weeks of 2025 and
 * drops out after each repeat purchase with probability 0.04. Deterministic for a seed.
 */
export type Rhythm = 'clockwork' | 'poisson' | 'bursty';

/** The calibration window the populations are observed in. */
export const SYNTHETIC_SPLIT = { start: '2025-01-06', calibrationEnd: '2025-12-28', holdoutEnd: '2026-09-27' } as const;

const DROP_OUT = 0.04;

/** `customers` histories of one rhythm, observed until the holdout end. */
export function syntheticPopulation(rhythm: Rhythm, customers: number, seed = 1): CustomerHistory[] {
  const random = seededUniform(seed * 7919 + rhythm.length);
  const end = Date.parse(SYNTHETIC_SPLIT.holdoutEnd);
  return Array.from({ length: customers }, (_, i) => {
    const meanGapDays = 14 + random() * 42;
    let at = Date.parse(SYNTHETIC_SPLIT.start) + Math.floor(random() * 56) * DAY_MS;
    const purchases = [{ at: new Date(at).toISOString().slice(0, 10), amount: 20 + Math.round(random() * 80) }];
    for (;;) {
      at += Math.max(1, Math.round(gap(rhythm, meanGapDays, random))) * DAY_MS;
      if (at > end) break;
      purchases.push({ at: new Date(at).toISOString().slice(0, 10), amount: 20 + Math.round(random() * 80) });
      if (random() < DROP_OUT) break;
    }
    return { customerId: `${rhythm}-${String(i).padStart(4, '0')}`, purchases };
  });
}

function gap(rhythm: Rhythm, mean: number, random: () => number): number {
  if (rhythm === 'clockwork') return gammaDraw(30, mean / 30, random);
  if (rhythm === 'poisson') return -mean * Math.log(1 - random());
  // Bursty: 70 % quick repeats at a fifth of the mean, 30 % long pauses; the mean stays `mean`.
  return random() < 0.7 ? -0.2 * mean * Math.log(1 - random()) : -(2.87 * mean) * Math.log(1 - random());
}

// Marsaglia–Tsang for shape ≥ 1.
function gammaDraw(shape: number, scale: number, random: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = normal(random);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    if (Math.log(random()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

const normal = (random: () => number): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
