/**
 * The linear autoregressive baseline: a least-squares linear map from the same lookback window the
 * network sees (all input columns, plus an intercept) to every horizon step at once.
 * @module
 */
import { choleskySolve } from "./_cholesky.ts";

/** A fitted linear AR model: coefficients `[(lookback·columns + 1) × horizon]`, intercept last. */
export interface LinearArModel {
  lookback: number;
  horizon: number;
  columns: number;
  coefficients: Float64Array;
}

/** Features of the window ending at `origin`: oldest step first, columns within a step. */
function features(columns: Float64Array[], origin: number, lookback: number, out: Float64Array) {
  let i = 0;
  for (let s = origin - lookback + 1; s <= origin; s++) {
    for (const column of columns) out[i++] = column[s];
  }
  out[i] = 1;
}

/**
 * Fit by ridge-regularised least squares, solving `(XᵀX + λ·n·I′) B = XᵀY` in float64 (`I′` spares
 * the intercept). Works in the units given; pass z-scored columns so λ means the same everywhere.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { fitLinearAR, predictLinearAR } from "./linear_ar.ts";
 * const y = [1]; // y[t] = 0.5·y[t−1] + 1
 * for (let t = 1; t < 40; t++) y.push(0.5 * y[t - 1] + 1 + (t % 3) * 0.1);
 * const model = fitLinearAR([Float64Array.from(y)], 0, [5, 6, 7, 8, 9, 10, 11, 12], 3, 1, 0);
 * const p = predictLinearAR(model, [Float64Array.from(y)], [20]);
 * assert(Math.abs(p[0] - y[21]) < 0.2);
 * ```
 */
export function fitLinearAR(
  columns: Float64Array[],
  targetIndex: number,
  origins: ArrayLike<number>,
  lookback: number,
  horizon: number,
  ridge = 1e-4,
): LinearArModel {
  const p = lookback * columns.length + 1;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p * horizon);
  const x = new Float64Array(p);
  const target = columns[targetIndex];
  for (let b = 0; b < origins.length; b++) {
    const origin = origins[b];
    features(columns, origin, lookback, x);
    for (let i = 0; i < p; i++) {
      const xi = x[i];
      for (let j = 0; j <= i; j++) xtx[i * p + j] += xi * x[j];
      for (let k = 0; k < horizon; k++) xty[i * horizon + k] += xi * target[origin + 1 + k];
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) xtx[j * p + i] = xtx[i * p + j];
    if (i < p - 1) xtx[i * p + i] += ridge * origins.length;
  }
  return {
    lookback,
    horizon,
    columns: columns.length,
    coefficients: choleskySolve(xtx, xty, p, horizon),
  };
}

/** Forecasts `[origins × horizon]` (flat) in the units the model was fitted in. */
export function predictLinearAR(
  model: LinearArModel,
  columns: Float64Array[],
  origins: ArrayLike<number>,
): Float64Array {
  const { lookback, horizon, coefficients } = model;
  const p = lookback * columns.length + 1;
  const x = new Float64Array(p);
  const out = new Float64Array(origins.length * horizon);
  for (let b = 0; b < origins.length; b++) {
    features(columns, origins[b], lookback, x);
    for (let k = 0; k < horizon; k++) {
      let sum = 0;
      for (let i = 0; i < p; i++) sum += x[i] * coefficients[i * horizon + k];
      out[b * horizon + k] = sum;
    }
  }
  return out;
}
