import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../../shared/domain/risk/nelder-mead';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley at (1, 1)', () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const min = nelderMead(rosenbrock, [-1.2, 1]);
    expect(min.x[0]).toBeCloseTo(1, 5);
    expect(min.x[1]).toBeCloseTo(1, 5);
    expect(min.fx).toBeLessThan(1e-10);
  });

  it('minimises a 4-d quadratic with a shifted centre', () => {
    const centre = [3, -2, 0.5, 10];
    const min = nelderMead((x) => x.reduce((s, xi, i) => s + (i + 1) * (xi - centre[i]!) ** 2, 0), [0, 0, 0, 0]);
    min.x.forEach((xi, i) => expect(xi).toBeCloseTo(centre[i]!, 5));
  });

  it('treats non-finite values as out of bounds and stays where the function is defined', () => {
    const min = nelderMead(([x = 0]) => (x <= 0 ? Number.NaN : x - Math.log(x)), [3]);
    expect(min.x[0]).toBeCloseTo(1, 5);
  });
});
