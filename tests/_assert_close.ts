/**
 * Element-wise closeness assertion for float arrays, shared by the golden, finite-difference and
 * fused-cell tests.
 * @module
 */
import { AssertionError } from "@std/assert";

/** Tolerances: an element passes when `|actual − expected| ≤ abs + rel·|expected|` (numpy style). */
export interface Tolerance {
  abs: number;
  rel: number;
}

/**
 * Assert `actual` matches `expected` element-wise within `tolerance`; the message names `label`,
 * the worst element and how many failed.
 *
 * @example
 * ```ts
 * import { assertAllClose } from "./_assert_close.ts";
 * assertAllClose(new Float32Array([1, 2.0001]), [1, 2], { abs: 1e-3, rel: 0 }, "demo");
 * ```
 */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
  label: string,
): void {
  if (actual.length !== expected.length) {
    throw new AssertionError(
      `${label}: length ${actual.length} differs from expected ${expected.length}`,
    );
  }
  let failures = 0;
  let worst = -1;
  let worstExcess = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const allowed = tolerance.abs + tolerance.rel * Math.abs(e);
    const excess = Number.isNaN(a) || Number.isNaN(e) ? Infinity : Math.abs(a - e) - allowed;
    if (excess > 0) failures++;
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (failures > 0) {
    const a = actual[worst];
    const e = expected[worst];
    throw new AssertionError(
      `${label}: ${failures}/${expected.length} elements differ beyond abs ${tolerance.abs} + ` +
        `rel ${tolerance.rel}; worst [${worst}] actual ${a} expected ${e} (diff ${
          Math.abs(a - e)
        })`,
    );
  }
}
