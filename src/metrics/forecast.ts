/**
 * Forecast accuracy in original units: MAE, RMSE, MASE and sMAPE. All take flat arrays of
 * actual and predicted values (any number of windows × horizon steps, same order).
 * @module
 */

/** The four headline numbers of a forecast on one split. */
export interface ForecastMetrics {
  mae: number;
  rmse: number;
  /** MAE divided by the in-sample seasonal-naive MAE on train; < 1 beats that naive forecast. */
  mase: number;
  /** Symmetric MAPE in percent, 0..200. */
  smape: number;
}

function checkLengths(actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (actual.length !== predicted.length || actual.length === 0) {
    throw new Error(
      `forecast metrics need equal, non-empty arrays (${actual.length} vs ${predicted.length})`,
    );
  }
}

/**
 * Mean absolute error.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { mae } from "./forecast.ts";
 * assert(mae([1, 2, 3], [2, 2, 1]) === 1);
 * ```
 */
export function mae(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkLengths(actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - predicted[i]);
  return sum / actual.length;
}

/**
 * Root mean squared error.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { rmse } from "./forecast.ts";
 * assert(rmse([0, 0], [3, 4]) === Math.sqrt(12.5));
 * ```
 */
export function rmse(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkLengths(actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += (actual[i] - predicted[i]) ** 2;
  return Math.sqrt(sum / actual.length);
}

/**
 * Symmetric MAPE in percent: mean of 200·|F−A| / (|A| + |F|), a 0/0 term counting as 0.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { smape } from "./forecast.ts";
 * assert(smape([100, 0], [50, 0]) === 100 / 1.5 / 2);
 * ```
 */
export function smape(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkLengths(actual, predicted);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const denominator = Math.abs(actual[i]) + Math.abs(predicted[i]);
    if (denominator > 0) sum += 200 * Math.abs(predicted[i] - actual[i]) / denominator;
  }
  return sum / actual.length;
}

/**
 * MASE's denominator: the in-sample MAE of the seasonal-naive forecast `y[t−m]` on the training
 * part, mean over t = m..n−1 of |y[t] − y[t−m]| (Hyndman & Koehler 2006). `period` 1 = naive.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { maseScale } from "./forecast.ts";
 * assert(maseScale([1, 2, 4, 7], 1) === 2);      // |1| + |2| + |3|, over 3
 * assert(maseScale([1, 2, 4, 7], 2) === 4);      // |3| + |5|, over 2
 * ```
 */
export function maseScale(train: ArrayLike<number>, period = 1): number {
  if (!Number.isInteger(period) || period < 1 || train.length <= period) {
    throw new Error(`MASE scale needs 1 ≤ period < train length (${period}, ${train.length})`);
  }
  let sum = 0;
  for (let t = period; t < train.length; t++) sum += Math.abs(train[t] - train[t - period]);
  return sum / (train.length - period);
}

/**
 * Mean absolute scaled error: MAE / `scale` (see {@link maseScale}).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { mase } from "./forecast.ts";
 * assert(mase([1, 2], [2, 4], 3) === 0.5);
 * ```
 */
export function mase(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  scale: number,
): number {
  return mae(actual, predicted) / scale;
}

/**
 * All four metrics at once.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { forecastMetrics } from "./forecast.ts";
 * const m = forecastMetrics([1, 2, 3], [1, 2, 5], 2);
 * assert(m.mae === 2 / 3 && m.mase === 1 / 3);
 * ```
 */
export function forecastMetrics(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  scale: number,
): ForecastMetrics {
  return {
    mae: mae(actual, predicted),
    rmse: rmse(actual, predicted),
    mase: mase(actual, predicted, scale),
    smape: smape(actual, predicted),
  };
}

/**
 * Why sMAPE means nothing for a series, or `null` if it is fine: sMAPE divides by |A| + |F|, so it
 * explodes near zero and changes meaning across it; the M4 used it on positive series only.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { smapeUndefinedReason } from "./forecast.ts";
 * assert(smapeUndefinedReason([1, 2, 3]) === null);
 * assert(smapeUndefinedReason([1, -2, 3])?.startsWith("the series is not strictly positive"));
 * ```
 */
export function smapeUndefinedReason(series: ArrayLike<number>): string | null {
  let min = Infinity;
  for (let i = 0; i < series.length; i++) min = Math.min(min, series[i]);
  return min > 0
    ? null
    : `the series is not strictly positive (minimum ${Number(min.toPrecision(4))}); sMAPE is ` +
      "defined for positive series only";
}

/** The two scale-free M4 scores of one model on one series (sMAPE null where undefined). */
export interface M4Score {
  smape: number | null;
  mase: number | null;
}

/**
 * The M4's overall weighted average: the mean of sMAPE/sMAPE(Naive2) and MASE/MASE(Naive2); null
 * where either ratio is undefined.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { owa } from "./forecast.ts";
 * assert(owa({ smape: 10, mase: 1.5 }, { smape: 20, mase: 1 }) === 1);
 * assert(owa({ smape: null, mase: 1 }, { smape: null, mase: 1 }) === null);
 * ```
 */
export function owa(score: M4Score, naive2: M4Score): number | null {
  const { smape, mase } = score;
  if (smape === null || mase === null || naive2.smape === null || naive2.mase === null) {
    return null;
  }
  if (!(naive2.smape > 0 && naive2.mase > 0)) return null;
  return 0.5 * (smape / naive2.smape + mase / naive2.mase);
}

/** A model's scores over many series, aggregated as the M4 does. */
export interface M4Aggregate {
  /** Series the model was scored on. */
  series: number;
  /** Mean sMAPE over the series (null if it is undefined on any of them). */
  smape: number | null;
  /** Mean MASE over the series. */
  mase: number | null;
  /** OWA of the means: 0.5·(mean sMAPE / Naive2's + mean MASE / Naive2's). */
  owa: number | null;
}

/**
 * Aggregate per-series scores `{ model → score }` the M4 way: average sMAPE and MASE over the
 * series, then OWA from the averages against `reference` (Naive2). Models missing on a series (or
 * with null scores there) get null means.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { m4Aggregate } from "./forecast.ts";
 * const overall = m4Aggregate([
 *   { naive2: { smape: 10, mase: 1 }, lstm: { smape: 5, mase: 1 } },
 *   { naive2: { smape: 30, mase: 3 }, lstm: { smape: 15, mase: 1 } },
 * ]);
 * assert(overall.lstm.smape === 10 && overall.lstm.mase === 1);
 * assert(overall.lstm.owa === 0.5 * (10 / 20 + 1 / 2) && overall.naive2.owa === 1);
 * ```
 */
export function m4Aggregate(
  series: Record<string, M4Score>[],
  reference = "naive2",
): Record<string, M4Aggregate> {
  const models = [...new Set(series.flatMap((s) => Object.keys(s)))];
  const mean = (model: string, key: keyof M4Score): number | null => {
    let sum = 0;
    for (const s of series) {
      const value = s[model]?.[key];
      if (value === null || value === undefined) return null;
      sum += value;
    }
    return series.length > 0 ? sum / series.length : null;
  };
  const means = Object.fromEntries(
    models.map((m) => [m, { smape: mean(m, "smape"), mase: mean(m, "mase") }]),
  );
  const base = means[reference] ?? { smape: null, mase: null };
  return Object.fromEntries(
    models.map((m) => [
      m,
      {
        series: series.filter((s) => s[m] !== undefined).length,
        ...means[m],
        owa: owa(means[m], base),
      },
    ]),
  );
}
