/**
 * The seasonal-naive forecast: each future step repeats the value one season earlier.
 * @module
 */

/**
 * Forecasts `[origins × horizon]` (flat): `ŷ[t+k] = y[t + k − m·⌈k/m⌉]`, the latest observed value
 * in the same phase of the period `m`. With `m = 1` it is the naive forecast.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { seasonalNaiveForecast } from "./seasonal_naive.ts";
 * // period 3, origin 5 (value 6): steps 6,7,8,9 repeat y[3], y[4], y[5], y[3]
 * const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
 * assert(seasonalNaiveForecast(y, [5], 4, 3).join() === "4,5,6,4");
 * ```
 */
export function seasonalNaiveForecast(
  target: ArrayLike<number>,
  origins: ArrayLike<number>,
  horizon: number,
  period: number,
): Float64Array {
  const out = new Float64Array(origins.length * horizon);
  for (let b = 0; b < origins.length; b++) {
    for (let k = 1; k <= horizon; k++) {
      const source = origins[b] + k - period * Math.ceil(k / period);
      if (source < 0) {
        throw new Error(
          `seasonal naive: origin ${origins[b]} has less than one period (${period}) of history`,
        );
      }
      out[b * horizon + k - 1] = target[source];
    }
  }
  return out;
}
