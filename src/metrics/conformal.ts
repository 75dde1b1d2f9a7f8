/**
 * Prediction intervals by split conformal prediction (Vovk et al. 2005; Lei et al. 2018): the
 * absolute validation residuals of each horizon step give a half-width that covers a new residual
 * with the stated probability if the errors are exchangeable. Scored on the test split by
 * empirical coverage and the M4's mean scaled interval score (MSIS).
 * @module
 */

/** One interval level of one model. */
export interface IntervalScore {
  /** Nominal coverage, e.g. 0.8 or 0.95. */
  level: number;
  /** Half-width per horizon step, original units. */
  halfWidths: number[];
  /** False where validation had too few windows for the level (the largest residual is used). */
  exact: boolean;
  /** Fraction of test targets inside the interval. */
  coverage: number;
  /** M4 MSIS at this level: interval score over the MASE scale (lower is better). */
  msis: number;
}

/**
 * Split-conformal half-widths per horizon step: the ⌈(n+1)·level⌉-th smallest absolute residual
 * of the n validation windows (flat `[n × horizon]`), or the largest if that rank exceeds n.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { conformalHalfWidths } from "./conformal.ts";
 * // 9 windows, horizon 1: rank ⌈10·0.8⌉ = 8 → the 8th smallest |residual|
 * const actual = [1, 2, 3, 4, 5, 6, 7, 8, 9], predicted = new Array(9).fill(0);
 * const q = conformalHalfWidths(actual, predicted, 1, 0.8);
 * assert(q.halfWidths[0] === 8 && q.exact);
 * assert(!conformalHalfWidths(actual, predicted, 1, 0.95).exact);
 * ```
 */
export function conformalHalfWidths(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  horizon: number,
  level: number,
): { halfWidths: number[]; exact: boolean } {
  const n = actual.length / horizon;
  const rank = Math.ceil((n + 1) * level);
  const halfWidths = Array.from({ length: horizon }, (_, h) => {
    const residuals = Float64Array.from(
      { length: n },
      (_, i) => Math.abs(actual[i * horizon + h] - predicted[i * horizon + h]),
    ).sort();
    return residuals[Math.min(rank, n) - 1];
  });
  return { halfWidths, exact: rank <= n };
}

/**
 * Coverage and MSIS of `forecast ± halfWidths[step]` on flat `[windows × horizon]` arrays. MSIS
 * (Gneiting & Raftery 2007; M4): mean of `(U − L) + (2/a)(L − y)⁺ + (2/a)(y − U)⁺` with
 * `a = 1 − level`, divided by `scale` (MASE's in-sample scale).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { intervalScore } from "./conformal.ts";
 * // width 2 each; the second target misses the upper bound by 1: penalty 2/0.5·1 = 4
 * const s = intervalScore([0, 2], [0, 0], [1], 0.5, 1);
 * assert(s.coverage === 0.5 && s.msis === (2 + 6) / 2);
 * ```
 */
export function intervalScore(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  halfWidths: number[],
  level: number,
  scale: number,
): { coverage: number; msis: number } {
  const horizon = halfWidths.length, a = 1 - level;
  let inside = 0, score = 0;
  for (let i = 0; i < actual.length; i++) {
    const w = halfWidths[i % horizon];
    const lower = predicted[i] - w, upper = predicted[i] + w, y = actual[i];
    if (y >= lower && y <= upper) inside++;
    score += upper - lower + (2 / a) * Math.max(0, lower - y) + (2 / a) * Math.max(0, y - upper);
  }
  return { coverage: inside / actual.length, msis: score / actual.length / scale };
}

/** The interval levels every model gets. */
export const INTERVAL_LEVELS = [0.8, 0.95] as const;

/**
 * Conformal intervals at each level from validation forecasts, scored on test forecasts.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { predictionIntervals } from "./conformal.ts";
 * const val = { actual: [1, -1, 2, -2, 0.5], predicted: [0, 0, 0, 0, 0] };
 * const test = { actual: [0.5, 3], predicted: [0, 0] };
 * const [i80] = predictionIntervals(val, test, 1, 1, [0.8]);
 * assert(i80.halfWidths[0] === 2 && i80.coverage === 0.5);
 * ```
 */
export function predictionIntervals(
  val: { actual: ArrayLike<number>; predicted: ArrayLike<number> },
  test: { actual: ArrayLike<number>; predicted: ArrayLike<number> },
  horizon: number,
  scale: number,
  levels: readonly number[] = INTERVAL_LEVELS,
): IntervalScore[] {
  return levels.map((level) => {
    const { halfWidths, exact } = conformalHalfWidths(val.actual, val.predicted, horizon, level);
    return {
      level,
      halfWidths,
      exact,
      ...intervalScore(test.actual, test.predicted, halfWidths, level, scale),
    };
  });
}
