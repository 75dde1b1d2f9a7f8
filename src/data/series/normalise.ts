/**
 * Z-score normalisation fitted on the training part only: validation and test statistics must never
 * shape the inputs, or the test score flatters the model.
 * @module
 */

/** Per-column mean and standard deviation. */
export interface ZScore {
  mean: number[];
  std: number[];
}

/**
 * Fit mean/std per column on `values[c][0..trainEnd)`. A constant column gets std 1 (no scaling).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { fitZScore } from "./normalise.ts";
 * const z = fitZScore([Float64Array.of(1, 3, 100)], 2);
 * assert(z.mean[0] === 2 && z.std[0] === 1);
 * ```
 */
export function fitZScore(values: Float64Array[], trainEnd: number): ZScore {
  const mean: number[] = [], std: number[] = [];
  for (const column of values) {
    let sum = 0;
    for (let i = 0; i < trainEnd; i++) sum += column[i];
    const m = sum / trainEnd;
    let squares = 0;
    for (let i = 0; i < trainEnd; i++) squares += (column[i] - m) ** 2;
    const s = Math.sqrt(squares / trainEnd);
    mean.push(m);
    std.push(s > 1e-12 ? s : 1);
  }
  return { mean, std };
}

/** `(x − mean) / std` per column, over the whole series. */
export function applyZScore(values: Float64Array[], z: ZScore): Float64Array[] {
  return values.map((column, c) => column.map((x) => (x - z.mean[c]) / z.std[c]));
}

/** Back to original units for column `c`. */
export function invertZScore(values: ArrayLike<number>, z: ZScore, c: number): Float64Array {
  return Float64Array.from(values, (x) => x * z.std[c] + z.mean[c]);
}
