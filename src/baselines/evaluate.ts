/**
 * Every baseline on a prepared series' test split, in original units, with the seasonal period
 * and MASE scale the neural models are scored against too.
 * @module
 */
import { InputError } from "../errors.ts";
import { type ForecastMetrics, forecastMetrics, maseScale } from "../metrics/forecast.ts";
import { invertZScore } from "../data/series/normalise.ts";
import type { PreparedSeries } from "../data/series/prepare.ts";
import { targetsAfter } from "../data/series/windows.ts";
import { configKey } from "../data/series/_where.ts";
import { fitLinearAR, predictLinearAR } from "./linear_ar.ts";
import { movingAverageForecast } from "./moving_average.ts";
import { naiveForecast } from "./naive.ts";
import { detectPeriod } from "./period.ts";
import { seasonalNaiveForecast } from "./seasonal_naive.ts";

/** The seasonal period used by seasonal-naive and MASE, and where it came from. */
export interface Seasonality {
  period: number;
  source: "config" | "detected" | "none";
  /** In-sample seasonal-naive MAE on train (MASE's denominator), original units. */
  maseScale: number;
}

/**
 * The period (config, else detected on the train target) and the MASE scale.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { loadPreparedSeries } from "../data/series/prepare.ts";
 * import { seasonality } from "./evaluate.ts";
 * const s = seasonality(loadPreparedSeries({ id: "us-births" }, {}));
 * assert(s.period === 7 && s.source === "detected");
 * ```
 */
export function seasonality(prepared: PreparedSeries): Seasonality {
  const { series, bounds } = prepared;
  const train = series.values[series.targetIndex].subarray(0, bounds.trainEnd);
  let period = series.period, source: Seasonality["source"] = "config";
  if (period === undefined) {
    period = detectPeriod(train);
    source = period > 1 ? "detected" : "none";
  } else if (!Number.isInteger(period) || period < 1 || period >= bounds.trainEnd / 2) {
    throw new InputError(
      configKey(prepared.configFile, "series.period"),
      `must be an integer in 1..${
        Math.floor(bounds.trainEnd / 2) - 1
      } (half the training part), got ${period}`,
      "set a shorter period or leave it out to detect it",
    );
  }
  return { period, source, maseScale: maseScale(train, period) };
}

/** One model's test-split scores. */
export interface ModelScore extends ForecastMetrics {
  name: string;
  kind: "neural" | "baseline";
}

/** A baseline's scores, with its test forecasts (flat `[windows × horizon]`, original units). */
export interface BaselineResult extends ModelScore {
  kind: "baseline";
  predictions: Float64Array;
}

/** Everything {@link evaluateBaselines} computes. */
export interface BaselineReport {
  seasonality: Seasonality;
  /** Test targets, flat `[windows × horizon]`, original units. */
  actual: Float64Array;
  baselines: BaselineResult[];
}

/** Options: the moving-average window (default: the lookback) and the AR ridge strength. */
export interface BaselineOptions {
  movingAverage?: number;
  ridge?: number;
}

/**
 * Naive, seasonal-naive, moving-average and linear-AR forecasts of the test windows, scored in
 * original units. The AR model is fitted on every training window (stride 1) in z-scored units.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { loadPreparedSeries } from "../data/series/prepare.ts";
 * import { evaluateBaselines } from "./evaluate.ts";
 * const report = evaluateBaselines(loadPreparedSeries({ id: "sine-mix", points: 400 }, {}));
 * const names = report.baselines.map((b) => b.name);
 * assert(names.join() === "naive,seasonal-naive,moving-average,linear-ar");
 * ```
 */
export function evaluateBaselines(
  prepared: PreparedSeries,
  options: BaselineOptions = {},
): BaselineReport {
  const { series, lookback, horizon, origins, normalised, scaler, bounds } = prepared;
  const target = series.values[series.targetIndex];
  const season = seasonality(prepared);
  const actual = targetsAfter(target, origins.test, horizon);
  const window = options.movingAverage ?? lookback;
  if (!Number.isInteger(window) || window < 1 || window > bounds.trainEnd) {
    throw new InputError(
      configKey(prepared.configFile, "forecast.movingAverage"),
      `must be an integer in 1..${bounds.trainEnd}, got ${window}`,
      "use e.g. the lookback or the seasonal period",
    );
  }
  const trainOrigins = Int32Array.from(
    { length: bounds.trainEnd - horizon - lookback + 1 },
    (_, i) => lookback - 1 + i,
  );
  const ar = fitLinearAR(
    normalised,
    series.targetIndex,
    trainOrigins,
    lookback,
    horizon,
    options.ridge,
  );
  const forecasts: [string, Float64Array][] = [
    ["naive", naiveForecast(target, origins.test, horizon)],
    ["seasonal-naive", seasonalNaiveForecast(target, origins.test, horizon, season.period)],
    ["moving-average", movingAverageForecast(target, origins.test, horizon, window)],
    [
      "linear-ar",
      invertZScore(predictLinearAR(ar, normalised, origins.test), scaler, series.targetIndex),
    ],
  ];
  return {
    seasonality: season,
    actual,
    baselines: forecasts.map(([name, predictions]) => ({
      name,
      kind: "baseline",
      ...forecastMetrics(actual, predictions, season.maseScale),
      predictions,
    })),
  };
}
