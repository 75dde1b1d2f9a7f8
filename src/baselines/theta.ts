/**
 * The Theta method (Assimakopoulos & Nikolopoulos 2000) as statsmodels' `ThetaModel` fits it with
 * `use_mle=False` (Hyndman & Billah 2003: SES with drift): on the M4-adjusted series, the drift
 * `b0` is the OLS slope of a line through the training part and `α` is fitted by SES started at
 * the first value; with θ = 2 the forecast is the SES forecast plus half the drift term
 * `b0·(h − 1 + 1/α − (1−α)^n/α)`.
 * @module
 */
import { minimise } from "./_nelder_mead.ts";
import { deseasonalise, reseasonalise } from "./decompose.ts";
import { holtRecursion } from "./exponential_smoothing.ts";
import type { BaselineData, StatisticalBaseline } from "./statistical.ts";

/** Theta's fitted quantities. */
export interface ThetaParams {
  alpha: number;
  b0: number;
  level0: number;
}

/**
 * Forecasts `[origins × horizon]` (flat) at given parameters on an (adjusted) series.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { thetaForecast } from "./theta.ts";
 * // α = 1: the SES forecast is the last value; the drift term is b0·h/2.
 * const f = thetaForecast([1, 2, 3], { alpha: 1, b0: 1, level0: 1 }, [2], 2);
 * assert(f.join() === "3.5,4");
 * ```
 */
export function thetaForecast(
  y: ArrayLike<number>,
  p: ThetaParams,
  origins: ArrayLike<number>,
  horizon: number,
): Float64Array {
  const ses = { alpha: p.alpha, beta: 0, phi: 1, level0: p.level0, trend0: 0 };
  const out = holtRecursion(y, ses, "none", origins, horizon, 0).forecasts;
  for (let b = 0; b < origins.length; b++) {
    const n = origins[b] + 1;
    const decay = p.alpha > 0 ? 1 / p.alpha - (1 - p.alpha) ** n / p.alpha : 0;
    for (let h = 1; h <= horizon; h++) out[b * horizon + h - 1] += 0.5 * p.b0 * (h - 1 + decay);
  }
  return out;
}

/**
 * Fit on a training part: OLS slope on `t = 0..n−1`, and α minimising SES's squared one-step
 * errors with the level started at the first value.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { fitTheta } from "./theta.ts";
 * const p = fitTheta(Array.from({ length: 50 }, (_, t) => 3 * t + (t % 2)));
 * assert(Math.abs(p.b0 - 3) < 0.01 && p.level0 === 0);
 * ```
 */
export function fitTheta(train: ArrayLike<number>): ThetaParams {
  const n = train.length;
  let meanT = 0, meanY = 0;
  for (let t = 0; t < n; t++) [meanT, meanY] = [meanT + t / n, meanY + train[t] / n];
  let covariance = 0, variance = 0;
  for (let t = 0; t < n; t++) {
    covariance += (t - meanT) * (train[t] - meanY);
    variance += (t - meanT) ** 2;
  }
  const level0 = train[0];
  const sse = ([alpha]: number[]) =>
    holtRecursion(train, { alpha, beta: 0, phi: 1, level0, trend0: 0 }, "none", [], 1).sse;
  const { x } = minimise(sse, [{ start: 0.5, lower: 0, upper: 1, step: 0.2 }]);
  return { alpha: x[0], b0: covariance / variance, level0 };
}

/** `theta`: the M4's Theta benchmark. */
export const theta: StatisticalBaseline = {
  id: "theta",
  fit(data: BaselineData) {
    const adjusted = deseasonalise(data.target, data.adjustment);
    const p = fitTheta(adjusted.subarray(0, data.trainEnd));
    return {
      params: { ...p },
      spec: "Theta (θ = 2, SES with drift)",
      forecast: (origins) =>
        reseasonalise(
          thetaForecast(adjusted, p, origins, data.horizon),
          origins,
          data.horizon,
          data.adjustment,
        ),
    };
  },
};
