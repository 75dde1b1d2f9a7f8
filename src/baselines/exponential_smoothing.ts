/**
 * Simple, Holt's linear and damped-trend exponential smoothing (statsmodels
 * `holtwinters.ExponentialSmoothing`'s recursions and bounds), fitted by least squares of the
 * one-step errors on the seasonally adjusted training part, as the M4 benchmarks `SES`, `Holt` and
 * `Damped` are.
 * @module
 */
import { minimise, type Parameter } from "./_nelder_mead.ts";
import { deseasonalise, reseasonalise } from "./decompose.ts";
import type { BaselineData, FittedBaseline, StatisticalBaseline } from "./statistical.ts";

/** Which member of the family. */
export type TrendKind = "none" | "additive" | "damped";

/** Smoothing parameters and initial state (`trend0`, `beta`, `phi` unused without a trend). */
export interface HoltParams {
  alpha: number;
  beta: number;
  phi: number;
  level0: number;
  trend0: number;
}

/**
 * Run the recursion `l ← α·y + (1−α)(l + φb)`, `b ← β(l − l′) + (1−β)·φb` over `y` and return
 * the sum of squared one-step errors and, for each index in `origins`, the forecast
 * `l + (φ + … + φ^h)·b` of the next `horizon` steps from the state after that point.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { holtRecursion } from "./exponential_smoothing.ts";
 * const p = { alpha: 0.5, beta: 0, phi: 1, level0: 0, trend0: 0 };
 * const r = holtRecursion([2, 2], p, "none", [0, 1], 1);
 * assert(r.sse === 4 + 1 && r.forecasts.join() === "1,1.5");
 * ```
 */
export function holtRecursion(
  y: ArrayLike<number>,
  p: HoltParams,
  trend: TrendKind,
  origins: ArrayLike<number>,
  horizon: number,
  end = y.length,
): { sse: number; forecasts: Float64Array } {
  const phi = trend === "damped" ? p.phi : 1;
  const beta = trend === "none" ? 0 : p.beta;
  let level = p.level0, slope = trend === "none" ? 0 : p.trend0, sse = 0;
  const forecasts = new Float64Array(origins.length * horizon);
  let next = 0; // origins are sorted: fill each when the recursion passes it
  const last = origins.length > 0 ? Math.max(end, origins[origins.length - 1] + 1) : end;
  for (let t = 0; t < last; t++) {
    const predicted = level + phi * slope;
    const error = y[t] - predicted;
    if (t < end) sse += error * error;
    const newLevel = p.alpha * y[t] + (1 - p.alpha) * predicted;
    slope = beta * (newLevel - level) + (1 - beta) * phi * slope;
    level = newLevel;
    while (next < origins.length && origins[next] === t) {
      let damp = 0, power = 1;
      for (let k = 1; k <= horizon; k++) {
        power *= phi;
        damp += power;
        forecasts[next * horizon + k - 1] = level + damp * slope;
      }
      next++;
    }
  }
  return { sse, forecasts };
}

/**
 * Fit by minimising the training part's squared one-step errors over α ∈ [0, 1], β ∈ [0, α]
 * (statsmodels' restriction), φ ∈ [0.8, 0.995] and free initial level and trend.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { fitHolt } from "./exponential_smoothing.ts";
 * const y = Array.from({ length: 60 }, (_, t) => 5 + 2 * t + Math.sin(t));
 * const p = fitHolt(y, "additive");
 * assert(Math.abs(p.trend0 - 2) < 0.5);
 * ```
 */
export function fitHolt(train: ArrayLike<number>, trend: TrendKind): HoltParams {
  let spread = 0;
  for (let t = 1; t < train.length; t++) spread += Math.abs(train[t] - train[t - 1]);
  const scale = spread / Math.max(1, train.length - 1) || 1;
  const parameters: Parameter[] = [
    { start: 0.5, lower: 0, upper: 1, step: 0.2 },
    { start: train[0], lower: -Infinity, upper: Infinity, step: scale },
  ];
  if (trend !== "none") {
    // β as a fraction of α keeps the search box rectangular.
    parameters.push({ start: 0.1, lower: 0, upper: 1, step: 0.2 });
    parameters.push({ start: train[1] - train[0], lower: -Infinity, upper: Infinity, step: scale });
  }
  if (trend === "damped") parameters.push({ start: 0.98, lower: 0.8, upper: 0.995, step: 0.05 });
  const unpack = (x: number[]): HoltParams => ({
    alpha: x[0],
    level0: x[1],
    beta: trend === "none" ? 0 : x[2] * x[0],
    trend0: trend === "none" ? 0 : x[3],
    phi: trend === "damped" ? x[4] : 1,
  });
  const { x } = minimise((x) => holtRecursion(train, unpack(x), trend, [], 1).sse, parameters);
  return unpack(x);
}

/** A member of the family as a baseline: fitted and run on the M4-adjusted series. */
function holtBaseline(id: string, trend: TrendKind, spec: string): StatisticalBaseline {
  return {
    id,
    fit(data: BaselineData): FittedBaseline {
      const adjusted = deseasonalise(data.target, data.adjustment);
      const p = fitHolt(adjusted.subarray(0, data.trainEnd), trend);
      const params: Record<string, number> = { alpha: p.alpha, level0: p.level0 };
      if (trend !== "none") Object.assign(params, { beta: p.beta, trend0: p.trend0 });
      if (trend === "damped") params.phi = p.phi;
      return {
        params,
        spec,
        forecast: (origins) =>
          reseasonalise(
            holtRecursion(adjusted, p, trend, origins, data.horizon, 0).forecasts,
            origins,
            data.horizon,
            data.adjustment,
          ),
      };
    },
  };
}

/** `ses`: simple exponential smoothing (M4 benchmark `SES`). */
export const ses: StatisticalBaseline = holtBaseline("ses", "none", "SES");
/** `holt`: Holt's linear trend (M4 benchmark `Holt`). */
export const holt: StatisticalBaseline = holtBaseline("holt", "additive", "Holt linear trend");
/** `damped-holt`: additive damped trend (M4 benchmark `Damped`). */
export const dampedHolt: StatisticalBaseline = holtBaseline(
  "damped-holt",
  "damped",
  "Holt damped trend",
);
