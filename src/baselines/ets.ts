/**
 * ETS(A,Ad,A): the additive-error state-space model with a damped additive trend and additive
 * seasonality (Hyndman et al. 2008), as statsmodels' `ETSModel` writes it, fitted by maximum
 * likelihood (for additive errors: least squares of the one-step errors) over its bounds. Without
 * a seasonal period of 2..24 (the range R's `ets` accepts) it is ETS(A,Ad,N).
 * @module
 */
import { minimise, type Parameter } from "./_nelder_mead.ts";
import type { BaselineData, StatisticalBaseline } from "./statistical.ts";

/**
 * ETS parameters. `seasonal0[i]` is `s_{−1−i}` (statsmodels' `initial_seasonal.i`): the season of
 * time `t < m` starts from `seasonal0[m − 1 − t]`.
 */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  level0: number;
  trend0: number;
  seasonal0: number[];
}

/** statsmodels' bounds: 1e-4 ≤ α ≤ 1 − 1e-4, β ≤ α, γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98. */
const EPS = 1e-4;

/**
 * Run the recursion over `y`: the SSE of the one-step errors up to `end` and, for each origin,
 * the forecast `l + (φ + … + φ^h)·b + s` of the next `horizon` steps (origins sorted).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { etsRecursion } from "./ets.ts";
 * const p = { alpha: 0.5, beta: 0, gamma: 0, phi: 1, level0: 10, trend0: 0, seasonal0: [1, -1] };
 * // t=0 uses s_{−2} = −1, t=1 uses s_{−1} = 1; errors 0 and 0.
 * const r = etsRecursion([9, 11], p, [1], 2);
 * assert(r.sse === 0 && r.forecasts.join() === "9,11");
 * ```
 */
export function etsRecursion(
  y: ArrayLike<number>,
  p: EtsParams,
  origins: ArrayLike<number>,
  horizon: number,
  end = y.length,
): { sse: number; forecasts: Float64Array } {
  const m = p.seasonal0.length;
  const season = m > 0 ? p.seasonal0.slice().reverse() : [0]; // ring: season[t mod m] = s_{t−m}
  const period = Math.max(1, m);
  let level = p.level0, slope = p.trend0, sse = 0, next = 0;
  const forecasts = new Float64Array(origins.length * horizon);
  const last = origins.length > 0 ? Math.max(end, origins[origins.length - 1] + 1) : end;
  for (let t = 0; t < last; t++) {
    const phase = t % period;
    const error = y[t] - (level + p.phi * slope + season[phase]);
    if (t < end) sse += error * error;
    level = level + p.phi * slope + p.alpha * error;
    slope = p.phi * slope + p.beta * error;
    if (m > 0) season[phase] += p.gamma * error;
    while (next < origins.length && origins[next] === t) {
      let damp = 0, power = 1;
      for (let h = 1; h <= horizon; h++) {
        power *= p.phi;
        damp += power;
        forecasts[next * horizon + h - 1] = level + damp * slope + season[(t + h) % period];
      }
      next++;
    }
  }
  return { sse, forecasts };
}

/**
 * Fit ETS(A,Ad,A) (or ETS(A,Ad,N) for `period` < 2) on a training part. Starts from statsmodels'
 * simple initialisation (first-period deviations, mean change between the first two periods).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { etsRecursion, fitEts } from "./ets.ts";
 * const y = Array.from({ length: 96 }, (_, t) => 50 + 0.5 * t + [4, 0, -3, -1][t % 4]);
 * const p = fitEts(y, 4);
 * assert(etsRecursion(y, p, [], 1).sse < 1);
 * ```
 */
export function fitEts(train: ArrayLike<number>, period: number): EtsParams {
  const m = period >= 2 ? period : 0;
  const mean = (from: number, count: number) => {
    let sum = 0;
    for (let t = from; t < from + count; t++) sum += train[t];
    return sum / count;
  };
  const trend0 = m > 0 ? (mean(m, m) - mean(0, m)) / m : train[1] - train[0];
  let spread = 0;
  for (let t = 1; t < train.length; t++) spread += Math.abs(train[t] - train[t - 1]);
  const scale = spread / (train.length - 1) || 1;
  const free = (start: number): Parameter => ({
    start,
    lower: -Infinity,
    upper: Infinity,
    step: scale,
  });
  const unit = (start: number, lower = EPS, upper = 1 - EPS, step = 0.1): Parameter => ({
    start,
    lower,
    upper,
    step,
  });
  // β and γ as fractions of their α-dependent bounds keep the search box rectangular; the last
  // initial season is fixed at 0 (statsmodels), the level absorbs the rest.
  const parameters = [
    unit(0.1),
    unit(0.1),
    unit(0.98, 0.8, 0.98, 0.05),
    free(train[0]),
    free(trend0),
  ];
  if (m > 0) parameters.push(unit(0.05));
  // s_{−1−i} = y[m−1−i] − level, shifted so that s_{−m} = 0 (the level starts at y[0]).
  for (let i = 0; i < m - 1; i++) parameters.push(free(train[m - 1 - i] - train[0]));
  const unpack = (x: number[]): EtsParams => ({
    alpha: x[0],
    beta: x[1] * x[0],
    phi: x[2],
    level0: x[3],
    trend0: x[4],
    gamma: m > 0 ? x[5] * (1 - x[0]) : 0,
    seasonal0: m > 0 ? [...x.slice(6), 0] : [],
  });
  const { x } = minimise((x) => etsRecursion(train, unpack(x), [], 1).sse, parameters, {
    maxIterations: 20_000,
    restarts: 4,
  });
  return unpack(x);
}

/** The seasonal period ETS uses: the series' period if 2..24 with three periods of training. */
export function etsPeriod(period: number, trainLength: number): number {
  return period >= 2 && period <= 24 && trainLength >= 3 * period ? period : 1;
}

/** `ets`: ETS(A,Ad,A) where a period exists, else ETS(A,Ad,N); on the raw series. */
export const ets: StatisticalBaseline = {
  id: "ets",
  fit(data: BaselineData) {
    const m = etsPeriod(data.period, data.trainEnd);
    const p = fitEts(data.target.subarray(0, data.trainEnd), m);
    const params: Record<string, number> = {
      alpha: p.alpha,
      beta: p.beta,
      phi: p.phi,
      level0: p.level0,
      trend0: p.trend0,
    };
    if (m > 1) params.gamma = p.gamma;
    return {
      params,
      spec: m > 1 ? `ETS(A,Ad,A) m=${m}` : "ETS(A,Ad,N)",
      forecast: (origins) => etsRecursion(data.target, p, origins, data.horizon, 0).forecasts,
    };
  },
};
