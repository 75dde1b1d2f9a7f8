/**
 * The forecasting data pipeline in one call: load → chronological split → z-score fitted on train
 * → window origins.
 * @module
 */
import { InputError } from "../../errors.ts";
import { applyZScore, fitZScore, type ZScore } from "./normalise.ts";
import { BUILTIN_SERIES, loadSeries, loadSeriesPanel } from "./registry.ts";
import { chronologicalSplit, type SplitBounds, type SplitFractions } from "./split.ts";
import type { Series, SeriesSpec } from "./types.ts";
import { type WindowOrigins, windowOrigins } from "./windows.ts";
import { configKey } from "./_where.ts";

/** The split used where the config gives none. */
export const DEFAULT_SPLIT: SplitFractions = [0.7, 0.15, 0.15];

/** Window settings; built-in series supply default lookback and horizon. */
export interface WindowSpec {
  /** Input steps per window. */
  lookback?: number;
  /** Future steps predicted at once (direct multi-step); 1 = one-step. */
  horizon?: number;
  /** Spacing of training window origins (val/test use every origin). */
  stride?: number;
  /** `[train, val, test]` fractions, chronological. */
  split?: SplitFractions;
  /** Model changes relative to the last observed value instead of levels (see gatherWindows). */
  relative?: boolean;
}

/** A series ready for forecasting. */
export interface PreparedSeries {
  series: Series;
  lookback: number;
  horizon: number;
  stride: number;
  split: SplitFractions;
  bounds: SplitBounds;
  /** Fitted on the train part only. */
  scaler: ZScore;
  /** Every column z-scored with {@link PreparedSeries.scaler}. */
  normalised: Float64Array[];
  origins: WindowOrigins;
  /** Windows are relative to their last observed value. */
  relative: boolean;
  /** The config file the settings came from (for error messages), or undefined. */
  configFile?: string;
}

/**
 * Split, normalise (train statistics only) and window a loaded series.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { prepareSeries } from "./prepare.ts";
 * import { loadSeries } from "./registry.ts";
 * const series = loadSeries({ id: "sine-mix", points: 200 });
 * const p = prepareSeries(series, { lookback: 10, horizon: 2 });
 * assert(p.bounds.trainEnd === 140 && p.origins.test.length === 200 - 170 - 2 + 1);
 * ```
 */
export function prepareSeries(
  series: Series,
  windows: WindowSpec,
  configFile?: string,
): PreparedSeries {
  const key = (name: string) => configKey(configFile, `forecast.${name}`);
  const lookback = positiveInteger(windows.lookback, key("lookback"));
  const horizon = positiveInteger(windows.horizon ?? 1, key("horizon"));
  const stride = positiveInteger(windows.stride ?? 1, key("stride"));
  const split = windows.split ?? DEFAULT_SPLIT;
  const bounds = chronologicalSplit(
    series.values[0].length,
    split,
    lookback,
    horizon,
    series.name,
    configFile,
  );
  const scaler = fitZScore(series.values, bounds.trainEnd);
  return {
    series,
    lookback,
    horizon,
    stride,
    split,
    bounds,
    scaler,
    normalised: applyZScore(series.values, scaler),
    origins: windowOrigins(bounds, lookback, horizon, stride),
    relative: windows.relative ?? false,
    configFile,
  };
}

/**
 * Load the series a spec names and prepare it; a built-in's default lookback/horizon fill gaps.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { loadPreparedSeries } from "./prepare.ts";
 * const p = loadPreparedSeries({ id: "mackey-glass", points: 500 }, {});
 * assert(p.lookback === 30 && p.horizon === 1);
 * ```
 */
export function loadPreparedSeries(
  spec: SeriesSpec,
  windows: WindowSpec,
  configFile?: string,
): PreparedSeries {
  const defaults = spec.id !== undefined ? BUILTIN_SERIES[spec.id]?.windows : undefined;
  if (windows.lookback === undefined && defaults === undefined) {
    throw new InputError(
      configKey(configFile, "forecast.lookback"),
      "is required for a CSV series",
      "set forecast.lookback, e.g. 24",
    );
  }
  return prepareSeries(loadSeries(spec, configFile), {
    ...windows,
    lookback: windows.lookback ?? defaults!.lookback,
    horizon: windows.horizon ?? defaults?.horizon ?? 1,
  }, configFile);
}

/**
 * Every series a spec names, each split and normalised on its own training part (a global model
 * sees each series in its own z-units), with shared window settings.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { loadPreparedPanel } from "./prepare.ts";
 * const panel = loadPreparedPanel({ id: "stocks" }, {});
 * assert(panel.length === 5 && panel.every((p) => p.lookback === 12 && p.horizon === 3));
 * assert(panel[0].scaler.mean[0] !== panel[1].scaler.mean[0]);
 * ```
 */
export function loadPreparedPanel(
  spec: SeriesSpec,
  windows: WindowSpec,
  configFile?: string,
): PreparedSeries[] {
  const defaults = spec.id !== undefined ? BUILTIN_SERIES[spec.id]?.windows : undefined;
  if (windows.lookback === undefined && defaults === undefined) {
    throw new InputError(
      configKey(configFile, "forecast.lookback"),
      "is required for a CSV series",
      "set forecast.lookback, e.g. 24",
    );
  }
  const filled = {
    ...windows,
    lookback: windows.lookback ?? defaults!.lookback,
    horizon: windows.horizon ?? defaults?.horizon ?? 1,
  };
  return loadSeriesPanel(spec, configFile).map((s) => prepareSeries(s, filled, configFile));
}

function positiveInteger(value: number | undefined, key: string): number {
  if (value === undefined || !Number.isInteger(value) || value < 1) {
    throw new InputError(key, `must be a positive integer, got ${value}`, "use e.g. 1 or 24");
  }
  return value;
}
