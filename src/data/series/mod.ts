/**
 * Time series for forecasting: CSV loading (@std/csv) with a date index, built-in series, the
 * chronological split, train-only z-scores and forecast windows.
 * @module
 */
export type { MissingPolicy, Series, SeriesSpec } from "./types.ts";
export { MISSING_POLICIES } from "./types.ts";
export { readCsvPanel, readCsvSeries } from "./csv.ts";
export {
  BUILTIN_SERIES,
  type BuiltinSeries,
  loadSeries,
  loadSeriesPanel,
  resolveSeriesSpec,
} from "./registry.ts";
export { chronologicalSplit, type SplitBounds, type SplitFractions } from "./split.ts";
export { applyZScore, fitZScore, invertZScore, type ZScore } from "./normalise.ts";
export {
  gatherWindows,
  targetsAfter,
  type WindowBatch,
  type WindowOrigins,
  windowOrigins,
} from "./windows.ts";
export {
  DEFAULT_SPLIT,
  loadPreparedPanel,
  loadPreparedSeries,
  type PreparedSeries,
  prepareSeries,
  type WindowSpec,
} from "./prepare.ts";
export { mackeyGlass } from "./builtins/mackey_glass.ts";
export { sineMix } from "./builtins/sine_mix.ts";
