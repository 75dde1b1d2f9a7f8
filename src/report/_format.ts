/**
 * The number formats of every report table: a missing or non-finite value shows as "–".
 * @module
 */

/** A finite number, or null for anything else. */
function finite(x: unknown): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

/**
 * `x` with `digits` decimals, "–" when missing or not finite.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { fmt } from "./_format.ts";
 * assert(fmt(2.34567) === "2.346" && fmt(1.5, 1) === "1.5" && fmt(null) === "–" && fmt(NaN) === "–");
 * ```
 */
export function fmt(x: unknown, digits = 3): string {
  const v = finite(x);
  return v === null ? "–" : v.toFixed(digits);
}

/**
 * `x` rounded, with thousands separators.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { int } from "./_format.ts";
 * assert(int(82944.4) === "82,944" && int(undefined) === "–");
 * ```
 */
export function int(x: unknown): string {
  const v = finite(x);
  return v === null ? "–" : Math.round(v).toLocaleString("en-US");
}

/**
 * `x` in scientific notation with `digits` decimals.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { sci } from "./_format.ts";
 * assert(sci(0.000123) === "1.23e-4" && sci(Infinity) === "–");
 * ```
 */
export function sci(x: unknown, digits = 2): string {
  const v = finite(x);
  return v === null ? "–" : v.toExponential(digits);
}

/**
 * `x` at a precision that suits its size: one decimal from 100 up, `digits` decimals down to
 * 0.01, scientific below.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { num } from "./_format.ts";
 * assert(num(1234.56) === "1234.6" && num(0.5) === "0.500" && num(0.001) === "1.00e-3");
 * ```
 */
export function num(x: unknown, digits = 3): string {
  const v = finite(x);
  if (v === null) return "–";
  if (Math.abs(v) >= 100) return v.toFixed(1);
  return Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(digits) : v.toExponential(2);
}
