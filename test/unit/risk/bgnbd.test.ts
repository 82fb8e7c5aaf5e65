import { describe, expect, it } from 'vitest';
import { cdnowHistories } from '../../../scripts/lib/risk-evaluation';
import {
  type BgNbdParams,
  crossingTime,
  expectedPurchases,
  fitBgNbd,
  gauss2F1,
  hypergeometricSeries,
  pAlive,
  pAliveCrossingAge,
  probNoPurchase,
} from '../../../shared/domain/risk/bgnbd';
import { summarise, toRfm } from '../../../shared/domain/risk/summary';

// Fader, Hardie & Lee (2005), table 1 / section 5: CDNOW sample, 39-week calibration.
const paper: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PAPER_LL = -9582.4;

describe('BG/NBD fit on the CDNOW sample', () => {
  const calibrationEnd = '1997-09-30';
  const histories = cdnowHistories('cdnow-sample');
  const customers = histories.map((h) => toRfm(summarise(h.purchases, calibrationEnd)!, calibrationEnd));

  it('summarises the 2,357 customers as in the paper (T to the calibration end, in weeks)', () => {
    expect(customers).toHaveLength(2357);
    // Customer 4 bought on 1997-01-01, 1997-01-18 and 1997-08-02: x = 2, tx = 30.43, T = 38.86.
    const four = toRfm(summarise(histories.find((h) => h.customerId === '4')!.purchases, calibrationEnd)!, calibrationEnd);
    expect(four.x).toBe(2);
    expect(four.tx).toBeCloseTo(30.43, 2);
    expect(four.T).toBeCloseTo(38.86, 2);
  });

  it('recovers the published parameters within 1% and the log-likelihood within 0.5', () => {
    const fit = fitBgNbd(customers);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[key] / paper[key] - 1)).toBeLessThan(0.01);
    }
    expect(Math.abs(fit.logLikelihood - PAPER_LL)).toBeLessThan(0.5);
  });

  it('reaches the same optimum from a warm start (last week\'s fit) as from the generic starts', () => {
    const cold = fitBgNbd(customers);
    const warm = fitBgNbd(customers, { r: 0.3, alpha: 5, a: 0.7, b: 2.2 });
    for (const key of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(warm.params[key] / cold.params[key] - 1)).toBeLessThan(1e-4);
    expect(warm.logLikelihood).toBeCloseTo(cold.logLikelihood, 4);
  });
});

describe('P(alive)', () => {
  it('is 1 for a customer with no repeat purchase, whatever their age', () => {
    expect(pAlive(paper, { x: 0, tx: 0, T: 0 })).toBe(1);
    expect(pAlive(paper, { x: 0, tx: 0, T: 500 })).toBe(1);
  });

  it('matches the paper: 0.73 for x = 2, tx = 30.43, T = 38.86', () => {
    expect(pAlive(paper, { x: 2, tx: 30.43, T: 38.86 })).toBeCloseTo(0.7266, 3);
  });

  it('falls as a silent customer ages and rises with a more recent last purchase', () => {
    const ages = [5, 10, 20, 40, 80].map((T) => pAlive(paper, { x: 3, tx: 5, T }));
    for (let i = 1; i < ages.length; i += 1) expect(ages[i]).toBeLessThan(ages[i - 1]!);
    const recencies = [1, 10, 20, 39].map((tx) => pAlive(paper, { x: 3, tx, T: 39 }));
    for (let i = 1; i < recencies.length; i += 1) expect(recencies[i]).toBeGreaterThan(recencies[i - 1]!);
  });

  it('right after a purchase equals 1 − a/(b+x−1+a), the chance the customer did not drop out then', () => {
    const x = 4;
    expect(pAlive(paper, { x, tx: 12, T: 12 })).toBeCloseTo(1 / (1 + paper.a / (paper.b + x - 1)), 12);
  });
});

describe('expected purchases and silence', () => {
  it('reproduces the paper: E[Y(39) | x = 2, tx = 30.43, T = 38.86] = 1.226', () => {
    expect(expectedPurchases(paper, { x: 2, tx: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 3);
  });

  it('is 0 for no time, grows with the horizon and stays finite for heavy buyers', () => {
    const c = { x: 5, tx: 30, T: 38 };
    expect(expectedPurchases(paper, c, 0)).toBe(0);
    const horizons = [1, 13, 39, 104].map((t) => expectedPurchases(paper, c, t));
    for (let i = 1; i < horizons.length; i += 1) expect(horizons[i]).toBeGreaterThan(horizons[i - 1]!);
    const heavy = expectedPurchases(paper, { x: 300, tx: 38, T: 39 }, 1000);
    expect(Number.isFinite(heavy)).toBe(true);
    expect(heavy).toBeGreaterThan(0);
  });

  it('gives the probability of a silent horizon between 1 − P(alive) and 1', () => {
    const c = { x: 2, tx: 10, T: 30 };
    const silent = probNoPurchase(paper, c, 39);
    expect(silent).toBeGreaterThan(1 - pAlive(paper, c));
    expect(silent).toBeLessThan(1);
    expect(probNoPurchase(paper, c, 0)).toBeCloseTo(1, 12);
  });
});

describe('2F1 on the arguments equation (10) uses', () => {
  // Reference values computed with 30-digit arbitrary-precision arithmetic.
  const cases: [number, number, number, number, number][] = [
    [1.976, -0.207, 2.219, 0.5, 0.88364673081597908],
    [1.976, -0.207, 101.219, 0.9, 0.99632445364069534],
    [0.3, -0.7, 40.5, 0.99, 0.99484220740490358],
  ];

  it.each(cases)('2F1(%f, %f; %f; %f) is accurate from the library and from the series', (a, b, c, z, exact) => {
    expect(gauss2F1(a, b, c, z)).toBeCloseTo(exact, 13);
    expect(hypergeometricSeries(a, b, c, z)).toBeCloseTo(exact, 12);
  });
});

describe('crossing times', () => {
  it('solves P(alive) = threshold in closed form', () => {
    for (const [x, tx, p] of [[1, 3, 0.5], [4, 20, 0.3], [12, 35, 0.6]] as const) {
      const T = pAliveCrossingAge(paper, { x, tx }, p)!;
      expect(T).toBeGreaterThan(tx);
      expect(pAlive(paper, { x, tx, T })).toBeCloseTo(p, 10);
    }
  });

  it('returns tx when P(alive) is already below the threshold after the last purchase, null when it never falls', () => {
    // Right after a first repeat P(alive) = 1/(1 + a/b) ≈ 0.754.
    expect(pAliveCrossingAge(paper, { x: 1, tx: 7 }, 0.8)).toBe(7);
    expect(pAliveCrossingAge(paper, { x: 0, tx: 0 }, 0.5)).toBeNull();
  });

  it('finds the same time by bisection on any rising score', () => {
    const c = { x: 4, tx: 20 };
    const exact = pAliveCrossingAge(paper, c, 0.3)!;
    const found = crossingTime((T) => 1 - pAlive(paper, { ...c, T }), 0.7, c.tx, 1000);
    expect(found).toBeCloseTo(exact, 5);
  });

  it('reports lo when the score starts above the threshold and null when it never gets there', () => {
    expect(crossingTime((T) => T, 1, 2, 10)).toBe(2);
    expect(crossingTime((T) => T, 20, 2, 10)).toBeNull();
  });
});
