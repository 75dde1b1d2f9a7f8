/**
 * Confidence intervals over a few seeds: Student's t interval of a mean (df = n − 1) and of a
 * paired difference of means (runs matched by seed), and the verdict a comparison may draw from
 * one. With 3 seeds t = 4.30, so an interval is wide: a difference counts only when it excludes 0.
 * @module
 */
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

/** A mean with its spread and two-sided confidence interval. */
export interface Interval {
  /** Values used (finite ones only). */
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); 0 for one value. */
  sd: number;
  /** Half width of the interval: t(1 − α/2, n − 1) · sd / √n; null for fewer than 2 values. */
  halfWidth: number | null;
  /** `mean − halfWidth` (null for fewer than 2 values). */
  low: number | null;
  /** `mean + halfWidth` (null for fewer than 2 values). */
  high: number | null;
  /** Confidence level, e.g. 0.95. */
  level: number;
}

/**
 * The two-sided Student's t critical value for `level` with `df` degrees of freedom.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { tCritical } from "./intervals.ts";
 * assertAlmostEquals(tCritical(2), 4.3027, 1e-4); // 3 seeds
 * assertAlmostEquals(tCritical(1000), 1.9623, 1e-4);
 * ```
 */
export function tCritical(df: number, level = 0.95): number {
  if (!(df >= 1) || !(level > 0 && level < 1)) {
    throw new RangeError(`need df ≥ 1 and 0 < level < 1, got df ${df}, level ${level}`);
  }
  return tQuantile(1 - (1 - level) / 2, df);
}

/**
 * Mean, sample sd and the Student's t interval (df = n − 1) of the finite `values`; null when
 * there are none.
 *
 * @example
 * ```ts
 * import { assert, assertAlmostEquals } from "@std/assert";
 * import { meanInterval } from "./intervals.ts";
 * const ci = meanInterval([1, 2, 3])!;
 * assert(ci.mean === 2 && ci.sd === 1);
 * assertAlmostEquals(ci.halfWidth!, 4.3027 / Math.sqrt(3), 1e-4);
 * assert(meanInterval([5])!.halfWidth === null);
 * ```
 */
export function meanInterval(values: readonly number[], level = 0.95): Interval | null {
  const xs = values.filter(Number.isFinite);
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  const halfWidth = n > 1 ? tCritical(n - 1, level) * sd / Math.sqrt(n) : null;
  return {
    n,
    mean,
    sd,
    halfWidth,
    low: halfWidth === null ? null : mean - halfWidth,
    high: halfWidth === null ? null : mean + halfWidth,
    level,
  };
}

/**
 * The paired difference `a − b`: pairs with a non-finite side are dropped, then the t interval of
 * the per-pair differences (df = pairs − 1). Pairing (the same seed on both sides) removes the
 * part of the seed noise the two sides share. Throws when the arrays differ in length.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { pairedDifference } from "./intervals.ts";
 * const d = pairedDifference([2.0, 2.1, 2.2], [2.5, 2.55, 2.7])!;
 * assert(d.mean < 0 && d.high! < 0); // a is lower in every seed, by a steady margin
 * ```
 */
export function pairedDifference(
  a: readonly number[],
  b: readonly number[],
  level = 0.95,
): Interval | null {
  if (a.length !== b.length) {
    throw new RangeError(`paired values need equal lengths, got ${a.length} and ${b.length}`);
  }
  const diffs: number[] = [];
  a.forEach((x, i) => {
    if (Number.isFinite(x) && Number.isFinite(b[i])) diffs.push(x - b[i]);
  });
  return meanInterval(diffs, level);
}

/** What an interval of a difference lets a comparison say. */
export type DifferenceVerdict = "below" | "above" | "inconclusive";

/**
 * `below` when the whole interval is below 0, `above` when above, else `inconclusive` (also for
 * fewer than two pairs, whose interval is unknown).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { differenceVerdict, pairedDifference } from "./intervals.ts";
 * assert(differenceVerdict(pairedDifference([1, 2, 3], [2, 3, 4.5])) === "below");
 * assert(differenceVerdict(pairedDifference([1, 2, 3], [1.1, 1.9, 3.05])) === "inconclusive");
 * ```
 */
export function differenceVerdict(interval: Interval | null): DifferenceVerdict {
  if (!interval || interval.low === null || interval.high === null) return "inconclusive";
  if (interval.high < 0) return "below";
  if (interval.low > 0) return "above";
  return "inconclusive";
}

/**
 * `mean ± halfWidth (95 % CI low … high)` with `digits` decimals; `mean (one seed)` without an
 * interval.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { formatInterval, meanInterval } from "./intervals.ts";
 * assert(formatInterval(meanInterval([1, 2, 3])!, 2) === "2.00 ± 2.48 (95 % CI −0.48 … 4.48)");
 * assert(formatInterval(meanInterval([1])!, 2) === "1.00 (one seed)");
 * ```
 */
export function formatInterval(interval: Interval, digits = 3): string {
  const f = (x: number) => x.toFixed(digits).replace("-", "−");
  if (interval.halfWidth === null) return `${f(interval.mean)} (one seed)`;
  const pct = Math.round(interval.level * 100);
  return `${f(interval.mean)} ± ${interval.halfWidth.toFixed(digits)} (${pct} % CI ${
    f(interval.low!)
  } … ${f(interval.high!)})`;
}
