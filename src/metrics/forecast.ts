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
