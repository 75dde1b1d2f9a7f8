/**
 * The naive forecast: every future step equals the last observed value.
 * @module
 */

/**
 * Forecasts `[origins × horizon]` (flat): `ŷ[t+k] = y[t]`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { naiveForecast } from "./naive.ts";
 * assert(naiveForecast([1, 2, 3, 4], [1, 2], 2).join() === "2,2,3,3");
 * ```
 */
export function naiveForecast(
  target: ArrayLike<number>,
  origins: ArrayLike<number>,
  horizon: number,
): Float64Array {
  const out = new Float64Array(origins.length * horizon);
  for (let b = 0; b < origins.length; b++) {
    out.fill(target[origins[b]], b * horizon, (b + 1) * horizon);
  }
  return out;
}
