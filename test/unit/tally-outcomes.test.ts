import { describe, expect, it } from 'vitest';
import { tallyOutcomes } from '../../shared/concurrency/in-groups';

describe('tallyOutcomes', () => {
  it('counts each outcome; an unexpected error is reported, counted as errored and stops nothing', async () => {
    const errors: unknown[] = [];
    const work = async (n: number) => {
      if (n === 3) throw new Error('boom');
      return n % 2 === 0 ? ('even' as const) : ('odd' as const);
    };

    const counts = await tallyOutcomes([1, 2, 3, 4, 5, 6], work, { even: 0, odd: 0, errored: 0 }, { onError: (e) => errors.push(e), inFlight: 2 });

    expect(counts).toEqual({ even: 3, odd: 2, errored: 1 });
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });
});
