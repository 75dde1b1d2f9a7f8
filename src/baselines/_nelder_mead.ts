/**
 * Nelder–Mead minimisation over a box, for fitting the smoothing models by least squares. (The
 * npm `fmin` package would do, but its 0.0.4 build is a UMD bundle marked as an ES module and
 * exports nothing under Deno.)
 * @module
 */

/** One parameter: its start value, bounds (±Infinity for none) and the first simplex step. */
export interface Parameter {
  start: number;
  lower: number;
  upper: number;
  step: number;
}

/** Options: iteration cap and the simplex-spread tolerance on the objective. */
export interface NelderMeadOptions {
  maxIterations?: number;
  tolerance?: number;
  /** Restarts from the best point (a fresh simplex escapes premature collapse). */
  restarts?: number;
}

/**
 * Minimise `f` over the box the parameters give, in two phases: first with every parameter bounded
 * on both sides searched in logit coordinates (`x = lower + (upper − lower)·sigmoid(u)`, so the
 * simplex cannot collapse onto a bound it touched: a smoothing parameter near 1 is common), then
 * from that point with points clamped onto the box (which can settle exactly on a bound, e.g. a
 * smoothing parameter of 0). The better of the two is returned.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { minimise } from "./_nelder_mead.ts";
 * const { x } = minimise(([a, b]) => (a - 0.3) ** 2 + (b + 2) ** 2, [
 *   { start: 0.5, lower: 0, upper: 1, step: 0.1 },
 *   { start: 0, lower: -Infinity, upper: Infinity, step: 1 },
 * ]);
 * assert(Math.abs(x[0] - 0.3) < 1e-4 && Math.abs(x[1] + 2) < 1e-4);
 * const edge = minimise(([a]) => (a + 1) ** 2, [{ start: 0.5, lower: 0, upper: 1, step: 0.1 }]);
 * assert(edge.x[0] < 1e-12);
 * ```
 */
export function minimise(
  f: (x: number[]) => number,
  parameters: Parameter[],
  options: NelderMeadOptions = {},
): { x: number[]; value: number } {
  const boxed = parameters.map((p) => Number.isFinite(p.lower) && Number.isFinite(p.upper));
  const clampAll = (x: number[]) =>
    x.map((v, i) => Math.min(parameters[i].upper, Math.max(parameters[i].lower, v)));
  const toValue = (u: number[]) =>
    clampAll(u.map((v, i) => {
      const { lower, upper } = parameters[i];
      return boxed[i] ? lower + (upper - lower) / (1 + Math.exp(-v)) : v;
    }));
  const toLogit = (x: number[]) =>
    x.map((v, i) => {
      if (!boxed[i]) return v;
      const { lower, upper } = parameters[i];
      const t = Math.min(1 - 1e-9, Math.max(1e-9, (v - lower) / (upper - lower)));
      return Math.log(t / (1 - t));
    });
  const finite = (value: number) => Number.isFinite(value) ? value : Infinity;
  const start = clampAll(parameters.map((p) => p.start));
  const logit = nelderMead(
    (u) => finite(f(toValue(u))),
    toLogit(start),
    parameters.map((p, i) => boxed[i] ? 1 : p.step), // a logit step of 1 ≈ a sigmoid's width
    (u) => u.map((v, i) => boxed[i] ? v : clampAll(u)[i]),
    options,
  );
  const fromLogit = toValue(logit.point);
  const clamped = nelderMead(
    (x) => finite(f(clampAll(x))),
    fromLogit,
    parameters.map((p) => p.step),
    clampAll,
    options,
  );
  return clamped.value < logit.value
    ? { x: clampAll(clamped.point), value: clamped.value }
    : { x: fromLogit, value: logit.value };
}

/** Nelder–Mead with restarts from the best point; `clamp` maps points back into the domain. */
function nelderMead(
  evaluate: (x: number[]) => number,
  start: number[],
  steps: number[],
  clamp: (x: number[]) => number[],
  { maxIterations = 2000, tolerance = 1e-10, restarts = 2 }: NelderMeadOptions,
): { point: number[]; value: number } {
  const n = start.length;
  let best = start, bestValue = evaluate(start);
  if (n === 0) return { point: best, value: bestValue };
  for (let round = 0; round <= restarts; round++) {
    // Simplex: the best point and one step along each axis (inward where a step would leave).
    const points = [best];
    for (let i = 0; i < n; i++) {
      const p = best.slice();
      p[i] += steps[i];
      if (clamp(p)[i] !== p[i]) p[i] -= 2 * steps[i];
      points.push(clamp(p));
    }
    const values = points.map(evaluate);
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
      const sorted = order.map((i) => points[i]), sortedValues = order.map((i) => values[i]);
      points.splice(0, n + 1, ...sorted);
      values.splice(0, n + 1, ...sortedValues);
      if (Math.abs(values[n] - values[0]) <= tolerance * (Math.abs(values[0]) + 1e-300)) break;
      const centroid = new Array(n).fill(0);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) centroid[i] += points[j][i] / n;
      const along = (t: number) => clamp(centroid.map((c, i) => c + t * (points[n][i] - c)));
      const reflected = along(-1), reflectedValue = evaluate(reflected);
      if (reflectedValue < values[0]) {
        const expanded = along(-2), expandedValue = evaluate(expanded);
        [points[n], values[n]] = expandedValue < reflectedValue
          ? [expanded, expandedValue]
          : [reflected, reflectedValue];
      } else if (reflectedValue < values[n - 1]) {
        [points[n], values[n]] = [reflected, reflectedValue];
      } else {
        const outside = reflectedValue < values[n];
        const contracted = along(outside ? -0.5 : 0.5), contractedValue = evaluate(contracted);
        if (contractedValue < (outside ? reflectedValue : values[n])) {
          [points[n], values[n]] = [contracted, contractedValue];
        } else {
          for (let j = 1; j <= n; j++) {
            points[j] = clamp(points[j].map((v, i) => points[0][i] + 0.5 * (v - points[0][i])));
            values[j] = evaluate(points[j]);
          }
        }
      }
    }
    const i = values.indexOf(Math.min(...values));
    const improved = values[i] < bestValue;
    if (values[i] <= bestValue) [best, bestValue] = [points[i], values[i]];
    if (!improved && round > 0) break;
  }
  return { point: best, value: bestValue };
}
