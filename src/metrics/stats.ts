/**
 * Small summary statistics over finite numbers.
 * @module
 */

/**
 * Median of the finite values, or null when there are none.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { median } from "./stats.ts";
 * assert(median([3, 1, 2]) === 2 && median([1, 2, 3, 4]) === 2.5 && median([]) === null);
 * ```
 */
export function median(values: readonly number[]): number | null {
  const xs = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/**
 * Largest finite value, or null when there are none.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { maxOf } from "./stats.ts";
 * assert(maxOf([1, 5, NaN]) === 5 && maxOf([]) === null);
 * ```
 */
export function maxOf(values: readonly number[]): number | null {
  const xs = values.filter(Number.isFinite);
  return xs.length ? Math.max(...xs) : null;
}

/**
 * Mean of the finite values, or null when there are none.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { mean } from "./stats.ts";
 * assert(mean([1, 2, 3]) === 2);
 * ```
 */
export function mean(values: readonly number[]): number | null {
  const xs = values.filter(Number.isFinite);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
