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
 * Minimise `f` over the box the parameters give. Points outside the box are clamped onto it before
 * `f` sees them, so every evaluated point is feasible.
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
 * ```
 */
export function minimise(
  f: (x: number[]) => number,
  parameters: Parameter[],
  { maxIterations = 2000, tolerance = 1e-10, restarts = 2 }: NelderMeadOptions = {},
): { x: number[]; value: number } {
  const n = parameters.length;
  const clamp = (x: number[]) =>
    x.map((v, i) => Math.min(parameters[i].upper, Math.max(parameters[i].lower, v)));
  const evaluate = (x: number[]) => {
    const value = f(x);
    return Number.isFinite(value) ? value : Infinity;
  };
  let best = clamp(parameters.map((p) => p.start));
  let bestValue = evaluate(best);
  if (n === 0) return { x: best, value: bestValue };
  for (let round = 0; round <= restarts; round++) {
    // Simplex: the best point and one step along each axis (inward at an upper bound).
    const points = [best];
    for (let i = 0; i < n; i++) {
      const p = best.slice();
      const { step, upper } = parameters[i];
      p[i] = p[i] + step > upper ? p[i] - step : p[i] + step;
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
  return { x: best, value: bestValue };
}
