/**
 * The statistical baselines' common shape: fit once on the training part, then forecast any
 * origin by running the fitted model's recursion over the data up to it (no refit).
 * @module
 */
import type { SeasonalAdjustment } from "./decompose.ts";

/** What a statistical baseline is fitted on. */
export interface BaselineData {
  /** The target over the whole series, original units. */
  target: Float64Array;
  /** Points `[0, trainEnd)` are the training part; nothing later is used to fit. */
  trainEnd: number;
  horizon: number;
  /** The seasonal period (1 = none). */
  period: number;
  /** The M4 seasonal adjustment of the training part (naive2, ses, holt, damped-holt, theta). */
  adjustment: SeasonalAdjustment;
  /** The largest AR order `ar-aic` considers. */
  maxLag: number;
}

/** A fitted baseline. */
export interface FittedBaseline {
  /** Fitted parameters by name, for the report. */
  params: Record<string, number>;
  /** The model specification, e.g. `ETS(A,Ad,A) m=12`. */
  spec: string;
  /** Forecasts `[origins × horizon]` (flat), original units, from the data up to each origin. */
  forecast(origins: ArrayLike<number>): Float64Array;
}

/** A statistical baseline: its id in `series[].models[]` and how to fit it. */
export interface StatisticalBaseline {
  id: string;
  fit(data: BaselineData): FittedBaseline;
}
