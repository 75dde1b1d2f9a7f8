/**
 * AR(p) with a constant, the order chosen by AIC on the training part, as statsmodels'
 * `ar_select_order(y, maxlag, ic="aic", trend="c")` chooses it (every order 0..maxlag fitted by
 * OLS on the same sample, from `maxlag` on), then refitted by OLS (`AutoReg`) and forecast
 * recursively from the data up to each origin.
 * @module
 */
import { choleskySolve } from "./_cholesky.ts";
import type { BaselineData, StatisticalBaseline } from "./statistical.ts";

/** A fitted AR model: `y[t] = constant + Σ coefficients[i]·y[t−1−i]`. */
export interface ArModel {
  constant: number;
  coefficients: number[];
}

/** OLS of `u[t]` on `[1, u[t−1], …, u[t−p]]` over `t = first..n−1`: parameters and the SSE. */
function ols(u: ArrayLike<number>, p: number, first: number): { beta: Float64Array; sse: number } {
  const k = p + 1;
  const xtx = new Float64Array(k * k), xty = new Float64Array(k), x = new Float64Array(k);
  for (let t = first; t < u.length; t++) {
    x[0] = 1;
    for (let i = 1; i <= p; i++) x[i] = u[t - i];
    for (let i = 0; i < k; i++) {
      xty[i] += x[i] * u[t];
      for (let j = 0; j < k; j++) xtx[i * k + j] += x[i] * x[j];
    }
  }
  const beta = solveWithJitter(xtx, xty, k);
  let sse = 0;
  for (let t = first; t < u.length; t++) {
    let fitted = beta[0];
    for (let i = 1; i <= p; i++) fitted += beta[i] * u[t - i];
    sse += (u[t] - fitted) ** 2;
  }
  return { beta, sse };
}

/**
 * Solve the normal equations; for exactly collinear lags (a noiseless periodic series) add the
 * smallest ridge that makes them solvable, where statsmodels' pseudo-inverse finds the
 * minimum-norm solution.
 */
function solveWithJitter(xtx: Float64Array, xty: Float64Array, k: number): Float64Array {
  let diagonal = 0;
  for (let i = 0; i < k; i++) diagonal += xtx[i * k + i] / k;
  for (let jitter = 0;; jitter = jitter === 0 ? 1e-12 : jitter * 100) {
    const a = xtx.slice();
    for (let i = 0; i < k; i++) a[i * k + i] += jitter * diagonal;
    try {
      return choleskySolve(a, xty, k, 1);
    } catch (error) {
      if (jitter > 1e-4) throw error;
    }
  }
}

/**
 * The AIC-chosen order and its OLS fit on a training part (`maxLag` < a third of it).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { fitArAic } from "./ar_aic.ts";
 * const y = [0, 1];
 * for (let t = 2; t < 300; t++) y.push(0.5 * y[t - 1] - 0.3 * y[t - 2] + Math.sin(t * 7.3));
 * const { model, order } = fitArAic(y, 6);
 * assert(order >= 2 && Math.abs(model.coefficients[0] - 0.5) < 0.15);
 * ```
 */
export function fitArAic(
  train: ArrayLike<number>,
  maxLag: number,
): { model: ArModel; order: number; aic: number[] } {
  let mean = 0;
  for (let t = 0; t < train.length; t++) mean += train[t] / train.length;
  // Centring changes only the constant and keeps the normal equations well conditioned.
  const u = Float64Array.from(train, (v) => v - mean);
  const nobs = train.length - maxLag;
  const aic = Array.from({ length: maxLag + 1 }, (_, p) => {
    const sigma2 = ols(u, p, maxLag).sse / nobs;
    return nobs * (Math.log(2 * Math.PI * sigma2) + 1) + 2 * (p + 1);
  });
  const order = aic.indexOf(Math.min(...aic));
  const { beta } = ols(u, order, order);
  const coefficients = Array.from(beta.subarray(1));
  const constant = beta[0] + mean * (1 - coefficients.reduce((a, b) => a + b, 0));
  return { model: { constant, coefficients }, order, aic };
}

/**
 * Recursive forecasts `[origins × horizon]` (flat): each step feeds the previous steps' forecasts.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { arForecast } from "./ar_aic.ts";
 * const f = arForecast([1, 2, 4], { constant: 1, coefficients: [0.5] }, [2], 2);
 * assert(f.join() === "3,2.5");
 * ```
 */
export function arForecast(
  y: ArrayLike<number>,
  model: ArModel,
  origins: ArrayLike<number>,
  horizon: number,
): Float64Array {
  const p = model.coefficients.length;
  const out = new Float64Array(origins.length * horizon);
  const history = new Float64Array(p + horizon);
  for (let b = 0; b < origins.length; b++) {
    const origin = origins[b];
    if (origin + 1 < p) throw new Error(`AR(${p}): origin ${origin} has too little history`);
    for (let i = 0; i < p; i++) history[i] = y[origin - p + 1 + i];
    for (let h = 0; h < horizon; h++) {
      let value = model.constant;
      for (let i = 0; i < p; i++) value += model.coefficients[i] * history[p + h - 1 - i];
      history[p + h] = value;
      out[b * horizon + h] = value;
    }
  }
  return out;
}

/** `ar-aic`: AR(p), p by AIC over 0..maxLag on the training part. */
export const arAic: StatisticalBaseline = {
  id: "ar-aic",
  fit(data: BaselineData) {
    const { model, order } = fitArAic(data.target.subarray(0, data.trainEnd), data.maxLag);
    return {
      params: {
        order,
        constant: model.constant,
        ...Object.fromEntries(model.coefficients.map((c, i) => [`ar.L${i + 1}`, c])),
      },
      spec: `AR(${order}) by AIC over 0..${data.maxLag}`,
      forecast: (origins) => arForecast(data.target, model, origins, data.horizon),
    };
  },
};
