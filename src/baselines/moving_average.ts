/**
 * The moving-average forecast: every future step equals the mean of the last `window` values.
 * @module
 */

/**
 * Forecasts `[origins × horizon]` (flat): `ŷ[t+k] = mean(y[t−w+1 .. t])`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { movingAverageForecast } from "./moving_average.ts";
 * const f = movingAverageForecast([1, 2, 3, 6], [3], 2, 3);
 * assert(f[0] === 11 / 3 && f[1] === 11 / 3);
 * ```
 */
export function movingAverageForecast(
  target: ArrayLike<number>,
  origins: ArrayLike<number>,
  horizon: number,
  window: number,
): Float64Array {
  const out = new Float64Array(origins.length * horizon);
  for (let b = 0; b < origins.length; b++) {
    const t = origins[b];
    if (t + 1 < window) {
      throw new Error(`moving average: origin ${t} has fewer than ${window} values`);
    }
    let sum = 0;
    for (let i = t - window + 1; i <= t; i++) sum += target[i];
    out.fill(sum / window, b * horizon, (b + 1) * horizon);
  }
  return out;
}
