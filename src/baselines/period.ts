/**
 * Seasonal period detection by autocorrelation, for the seasonal-naive baseline and MASE.
 * @module
 */

/**
 * Sample autocorrelation of `values` at `lag`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { autocorrelation } from "./period.ts";
 * assert(Math.abs(autocorrelation([1, -1, 1, -1, 1, -1], 2) - 4 / 6) < 1e-12);
 * ```
 */
export function autocorrelation(values: ArrayLike<number>, lag: number): number {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let variance = 0, covariance = 0;
  for (let i = 0; i < n; i++) variance += (values[i] - mean) ** 2;
  for (let i = lag; i < n; i++) covariance += (values[i] - mean) * (values[i - lag] - mean);
  return variance > 0 ? covariance / variance : 0;
}

/**
 * The seasonal period of a training series, or 1 if there is none. Trends swamp the
 * autocorrelation of raw values, so it works on first differences: the period is the lag ≥ 2 (up
 * to `maxLag`, default a third of the series, at most 400) of the highest local ACF peak, if that
 * peak exceeds `threshold`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { detectPeriod } from "./period.ts";
 * const weekly = Array.from({ length: 300 }, (_, t) => t * 0.5 + [0, 3, 1, 4, 1, 5, 9][t % 7]);
 * assert(detectPeriod(weekly) === 7);
 * assert(detectPeriod(Array.from({ length: 100 }, (_, t) => t)) === 1);
 * ```
 */
export function detectPeriod(
  train: ArrayLike<number>,
  { maxLag, threshold = 0.3 }: { maxLag?: number; threshold?: number } = {},
): number {
  const diffs = Float64Array.from({ length: train.length - 1 }, (_, i) => train[i + 1] - train[i]);
  const limit = Math.min(maxLag ?? Math.min(400, Math.floor(diffs.length / 3)), diffs.length - 2);
  if (limit < 2) return 1;
  const acf = new Float64Array(limit + 2);
  for (let lag = 1; lag <= limit + 1; lag++) acf[lag] = autocorrelation(diffs, lag);
  let best = 1, bestValue = threshold;
  for (let lag = 2; lag <= limit; lag++) {
    const peak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
    // Multiples of a period peak almost as high; keep the shortest unless clearly higher.
    if (peak && acf[lag] > bestValue + 0.02) [best, bestValue] = [lag, acf[lag]];
  }
  return best;
}
