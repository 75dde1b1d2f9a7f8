/**
 * Every baseline on a prepared series' test split, in original units, with the seasonal period
 * and MASE scale the neural models are scored against too.
 * @module
 */
import { InputError } from "../errors.ts";
import { forecastMetrics, maseScale, owa, smapeUndefinedReason } from "../metrics/forecast.ts";
import { type IntervalScore, predictionIntervals } from "../metrics/conformal.ts";
import { invertZScore } from "../data/series/normalise.ts";
import type { PreparedSeries } from "../data/series/prepare.ts";
import { targetsAfter } from "../data/series/windows.ts";
import { configKey } from "../data/series/_where.ts";
import { fitLinearAR, predictLinearAR } from "./linear_ar.ts";
import { movingAverageForecast } from "./moving_average.ts";
import { naiveForecast } from "./naive.ts";
import { detectPeriod } from "./period.ts";
import { seasonalNaiveForecast } from "./seasonal_naive.ts";
import { type SeasonalAdjustment, seasonalAdjustment } from "./decompose.ts";
import { STATISTICAL_BASELINES } from "./registry.ts";

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

/** One model's test-split scores (sMAPE and OWA null where sMAPE is undefined). */
export interface ModelScore {
  name: string;
  /** `ensemble`: the mean forecast of a seed group of neural runs (`forecast.ensemble`). */
  kind: "neural" | "baseline" | "ensemble";
  mae: number;
  rmse: number;
  mase: number;
  smape: number | null;
  /** M4 OWA against `naive2` on this series. */
  owa: number | null;
  /** Split-conformal intervals from validation residuals, scored on test. */
  intervals: IntervalScore[];
  /** Baselines: `simple` (naive, …) or `statistical` (the field's: naive2, ets, …). */
  family?: "simple" | "statistical";
  /** Statistical baselines: the fitted specification, e.g. `AR(13) by AIC over 0..24`. */
  spec?: string;
}

/** A baseline's scores, with its forecasts (flat `[windows × horizon]`, original units). */
export interface BaselineResult extends ModelScore {
  kind: "baseline";
  predictions: Float64Array;
  valPredictions: Float64Array;
  /** Fitted parameters (statistical baselines). */
  params?: Record<string, number>;
}

/** Everything {@link evaluateBaselines} computes. */
export interface BaselineReport {
  seasonality: Seasonality;
  /** The M4 seasonal adjustment of the training part (naive2, ses, holt, damped-holt, theta). */
  adjustment: SeasonalAdjustment;
  /** Why sMAPE (and so OWA) is undefined on this series, or null. */
  smapeUndefined: string | null;
  horizon: number;
  /** Test targets, flat `[windows × horizon]`, original units. */
  actual: Float64Array;
  /** Validation targets, flat, original units (for the conformal intervals). */
  valActual: Float64Array;
  /** The AR order cap `ar-aic` searched. */
  arMaxLag: number;
  baselines: BaselineResult[];
}

/** Options: the moving-average window (default: the lookback), AR ridge, ar-aic's order cap. */
export interface BaselineOptions {
  movingAverage?: number;
  ridge?: number;
  /** Largest order `ar-aic` tries (default: the lookback, at most a third of the training part). */
  arMaxLag?: number;
}

/**
 * Score flat test forecasts of a model against a series' report: MAE, RMSE, MASE, sMAPE (null
 * where undefined), OWA against `naive2`, and conformal intervals from its validation forecasts.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { loadPreparedSeries } from "../data/series/prepare.ts";
 * import { evaluateBaselines, scoreForecast } from "./evaluate.ts";
 * const report = evaluateBaselines(loadPreparedSeries({ id: "sine-mix", points: 400 }, {}));
 * const naive2 = report.baselines.find((b) => b.name === "naive2")!;
 * const score = scoreForecast(report, naive2.predictions, naive2.valPredictions);
 * assert(score.mae === naive2.mae && score.smape === null && score.intervals.length === 2);
 * ```
 */
export function scoreForecast(
  report:
    & Pick<BaselineReport, "actual" | "valActual" | "smapeUndefined" | "horizon">
    & {
      seasonality: Pick<Seasonality, "maseScale">;
      baselines: Pick<BaselineResult, "name" | "smape" | "mase">[];
    },
  predicted: Float64Array,
  valPredicted: Float64Array,
): Omit<ModelScore, "name" | "kind"> {
  const { maseScale: scale } = report.seasonality;
  const metrics = forecastMetrics(report.actual, predicted, scale);
  const smape = report.smapeUndefined === null ? metrics.smape : null;
  const naive2 = report.baselines.find((b) => b.name === "naive2");
  return {
    ...metrics,
    smape,
    owa: naive2 ? owa({ smape, mase: metrics.mase }, naive2) : null,
    intervals: predictionIntervals(
      { actual: report.valActual, predicted: valPredicted },
      { actual: report.actual, predicted },
      report.horizon,
      scale,
    ),
  };
}

/**
 * Every baseline's forecasts of the validation and test windows, scored in original units: the
 * simple ones (naive, seasonal-naive, moving-average, linear-AR on every training window in
 * z-scored units) and the field's statistical ones ({@link STATISTICAL_BASELINES}, fitted once on
 * the training part and run forward to each origin without refitting).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { loadPreparedSeries } from "../data/series/prepare.ts";
 * import { evaluateBaselines } from "./evaluate.ts";
 * const report = evaluateBaselines(loadPreparedSeries({ id: "sine-mix", points: 400 }, {}));
 * const names = report.baselines.map((b) => b.name);
 * assert(names.slice(0, 5).join() === "naive,seasonal-naive,moving-average,linear-ar,naive2");
 * assert(names.includes("ets") && report.smapeUndefined !== null);
 * ```
 */
export function evaluateBaselines(
  prepared: PreparedSeries,
  options: BaselineOptions = {},
): BaselineReport {
  const { series, lookback, horizon, origins, normalised, scaler, bounds } = prepared;
  const target = series.values[series.targetIndex];
  const season = seasonality(prepared);
  const window = options.movingAverage ?? lookback;
  if (!Number.isInteger(window) || window < 1 || window > bounds.trainEnd) {
    throw new InputError(
      configKey(prepared.configFile, "forecast.movingAverage"),
      `must be an integer in 1..${bounds.trainEnd}, got ${window}`,
      "use e.g. the lookback or the seasonal period",
    );
  }
  const maxLagLimit = Math.floor(bounds.trainEnd / 3);
  const arMaxLag = options.arMaxLag ?? Math.min(lookback, maxLagLimit);
  if (!Number.isInteger(arMaxLag) || arMaxLag < 0 || arMaxLag > maxLagLimit) {
    throw new InputError(
      configKey(prepared.configFile, "forecast.arMaxLag"),
      `must be an integer in 0..${maxLagLimit} (a third of the training part), got ${arMaxLag}`,
      "use a smaller order cap, e.g. the lookback",
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
  const simple: [string, (o: Int32Array) => Float64Array][] = [
    ["naive", (o) => naiveForecast(target, o, horizon)],
    ["seasonal-naive", (o) => seasonalNaiveForecast(target, o, horizon, season.period)],
    ["moving-average", (o) => movingAverageForecast(target, o, horizon, window)],
    [
      "linear-ar",
      (o) => invertZScore(predictLinearAR(ar, normalised, o), scaler, series.targetIndex),
    ],
  ];
  const adjustment = seasonalAdjustment(target.subarray(0, bounds.trainEnd), season.period);
  const data = { target, trainEnd: bounds.trainEnd, horizon, period: season.period, adjustment };
  const report: BaselineReport = {
    seasonality: season,
    adjustment,
    smapeUndefined: smapeUndefinedReason(target),
    horizon,
    actual: targetsAfter(target, origins.test, horizon),
    valActual: targetsAfter(target, origins.val, horizon),
    arMaxLag,
    baselines: [],
  };
  const add = (
    name: string,
    forecast: (o: Int32Array) => Float64Array,
    extra: Partial<BaselineResult>,
  ) => {
    const predictions = forecast(origins.test), valPredictions = forecast(origins.val);
    report.baselines.push({
      name,
      kind: "baseline",
      ...scoreForecast(report, predictions, valPredictions),
      predictions,
      valPredictions,
      ...extra,
    });
  };
  for (const [name, forecast] of simple) add(name, forecast, { family: "simple" });
  for (const baseline of STATISTICAL_BASELINES) {
    const fitted = baseline.fit({ ...data, maxLag: arMaxLag });
    add(baseline.id, fitted.forecast, {
      family: "statistical",
      spec: fitted.spec,
      params: fitted.params,
    });
  }
  // OWA needs naive2, scored after the simple baselines: fill theirs in now.
  const naive2 = report.baselines.find((b) => b.name === "naive2")!;
  for (const b of report.baselines) b.owa = owa(b, naive2);
  return report;
}
