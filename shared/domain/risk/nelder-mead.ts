/**
 * Nelder–Mead downhill simplex with the standard coefficients (reflection 1, expansion 2,
 * contraction ½, shrink ½; Lagarias et al. 1998). Kept here because the published `fmin`
 * package cannot be loaded under Node's own module loader (its "type": "module" UMD build
 * exports nothing there) and its simplex shrink step throws on an undeclared variable.
 */

/** Where a minimisation ended: the best point, its value and how many iterations it took. */
export interface Minimum {
  x: number[];
  fx: number;
  iterations: number;
}

/** Stopping rules: all vertices within `xTolerance` and their values within `fTolerance`, or `maxIterations`. */
export interface NelderMeadOptions {
  initialStep?: number;
  xTolerance?: number;
  fTolerance?: number;
  maxIterations?: number;
}

interface Vertex {
  x: number[];
  fx: number;
}

/** Minimises `f` from `x0`; a non-finite value counts as +∞, so the simplex steps back from invalid regions. */
export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], options: NelderMeadOptions = {}): Minimum {
  const { initialStep = 0.5, xTolerance = 1e-8, fTolerance = 1e-10, maxIterations = 5000 } = options;
  const value = (x: number[]): Vertex => {
    const fx = f(x);
    return { x, fx: Number.isFinite(fx) ? fx : Number.POSITIVE_INFINITY };
  };
  let simplex = [value([...x0]), ...x0.map((_, i) => value(x0.map((xi, j) => (i === j ? xi + initialStep : xi))))];
  let iterations = 0;
  for (; iterations < maxIterations; iterations += 1) {
    simplex.sort((p, q) => p.fx - q.fx);
    if (converged(simplex, xTolerance, fTolerance)) break;
    simplex = step(simplex, value);
  }
  simplex.sort((p, q) => p.fx - q.fx);
  return { x: simplex[0]!.x, fx: simplex[0]!.fx, iterations };
}

// One simplex move on a sorted simplex: reflect the worst vertex, then expand, contract or shrink.
function step(simplex: Vertex[], value: (x: number[]) => Vertex): Vertex[] {
  const best = simplex[0]!;
  const worst = simplex[simplex.length - 1]!;
  const secondWorst = simplex[simplex.length - 2]!;
  const centre = centroid(simplex.slice(0, -1));
  const along = (t: number) => value(centre.map((c, i) => c + t * (c - worst.x[i]!)));
  const keep = simplex.slice(0, -1);

  const reflected = along(1);
  if (reflected.fx < best.fx) {
    const expanded = along(2);
    return [...keep, expanded.fx < reflected.fx ? expanded : reflected];
  }
  if (reflected.fx < secondWorst.fx) return [...keep, reflected];
  const contracted = reflected.fx < worst.fx ? along(0.5) : along(-0.5);
  if (contracted.fx < Math.min(reflected.fx, worst.fx)) return [...keep, contracted];
  return simplex.map((v, k) => (k === 0 ? v : value(v.x.map((xi, i) => best.x[i]! + 0.5 * (xi - best.x[i]!)))));
}

function centroid(vertices: readonly Vertex[]): number[] {
  const n = vertices.length;
  return vertices[0]!.x.map((_, i) => vertices.reduce((sum, v) => sum + v.x[i]!, 0) / n);
}

function converged(sorted: readonly Vertex[], xTolerance: number, fTolerance: number): boolean {
  const best = sorted[0]!;
  return sorted.every((v) => Math.abs(v.fx - best.fx) <= fTolerance && v.x.every((xi, i) => Math.abs(xi - best.x[i]!) <= xTolerance));
}
