/**
 * Seasonal adjustment as the M4 competition's benchmarks do it: a seasonality test on the
 * autocorrelation at the period (90 %), then classical decomposition of the training part
 * (multiplicative for strictly positive series, else additive), as statsmodels'
 * `seasonal_decompose` and R's `decompose` compute it.
 * @module
 */
import { autocorrelation } from "./period.ts";

/** The seasonal indices of the training part and how they apply. */
export interface SeasonalAdjustment {
  kind: "multiplicative" | "additive" | "none";
  period: number;
  /** Index of phase `t mod period` (empty for `none`). */
  indices: number[];
  /** Why this kind was chosen, for the report. */
  reason: string;
}

/**
 * The M4 seasonality test: the lag-`period` autocorrelation of the training part exceeds
 * `1.645·sqrt((1 + 2·Σ_{k<period} r_k²) / n)`. Needs `period > 1` and three full periods.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { passesSeasonalityTest } from "./decompose.ts";
 * const y = Array.from({ length: 48 }, (_, t) => 10 + [3, -1, -2, 0][t % 4]);
 * assert(passesSeasonalityTest(y, 4) && !passesSeasonalityTest(y, 1));
 * ```
 */
export function passesSeasonalityTest(train: ArrayLike<number>, period: number): boolean {
  if (period <= 1 || train.length < 3 * period) return false;
  let sum = 0;
  for (let k = 1; k < period; k++) sum += autocorrelation(train, k) ** 2;
  const limit = 1.645 * Math.sqrt((1 + 2 * sum) / train.length);
  return Math.abs(autocorrelation(train, period)) > limit;
}

/**
 * Classical decomposition's seasonal indices (statsmodels `seasonal_decompose`, two-sided centred
 * moving average, `2×m` for even `m`): the phase means of the detrended series, normalised to
 * mean 1 (multiplicative) or 0 (additive). Index `i` belongs to times `t ≡ i (mod period)`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { seasonalIndices } from "./decompose.ts";
 * const y = Array.from({ length: 24 }, (_, t) => (10 + t) * [1.2, 0.8, 1.0][t % 3]);
 * const s = seasonalIndices(y, 3, "multiplicative");
 * assert(Math.abs(s[0] - 1.2) < 0.01 && Math.abs(s[1] - 0.8) < 0.01);
 * ```
 */
export function seasonalIndices(
  train: ArrayLike<number>,
  period: number,
  kind: "multiplicative" | "additive",
): number[] {
  const n = train.length;
  const weights = period % 2 === 0
    ? [0.5, ...new Array(period - 1).fill(1), 0.5].map((w) => w / period)
    : new Array(period).fill(1 / period);
  const half = Math.floor(weights.length / 2);
  const sums = new Array(period).fill(0), counts = new Array(period).fill(0);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    for (let j = 0; j < weights.length; j++) trend += weights[j] * train[t - half + j];
    sums[t % period] += kind === "multiplicative" ? train[t] / trend : train[t] - trend;
    counts[t % period]++;
  }
  const means = sums.map((s, i) => s / counts[i]);
  const centre = means.reduce((a, b) => a + b, 0) / period;
  return means.map((m) => kind === "multiplicative" ? m / centre : m - centre);
}

/**
 * Test the training part for seasonality at `period` and, if it is seasonal, decompose it.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { seasonalAdjustment } from "./decompose.ts";
 * const y = Array.from({ length: 60 }, (_, t) => [3, -1, -2, 0][t % 4] + (t % 5) * 0.1);
 * const adj = seasonalAdjustment(y, 4);
 * assert(adj.kind === "additive" && adj.reason.includes("not strictly positive"));
 * ```
 */
export function seasonalAdjustment(train: ArrayLike<number>, period: number): SeasonalAdjustment {
  if (period <= 1) return { kind: "none", period, indices: [], reason: "no seasonal period" };
  if (!passesSeasonalityTest(train, period)) {
    const why = train.length < 3 * period
      ? `fewer than three periods (${period}) of training data`
      : `the 90 % autocorrelation test at lag ${period} does not find seasonality`;
    return { kind: "none", period, indices: [], reason: why };
  }
  let min = Infinity;
  for (let t = 0; t < train.length; t++) min = Math.min(min, train[t]);
  const kind = min > 0 ? "multiplicative" : "additive";
  const reason = kind === "multiplicative"
    ? `seasonal at lag ${period} (90 % test); multiplicative classical decomposition`
    : `seasonal at lag ${period} (90 % test); additive decomposition: the series is not ` +
      `strictly positive (minimum ${Number(min.toPrecision(4))})`;
  return { kind, period, indices: seasonalIndices(train, period, kind), reason };
}

/**
 * The seasonally adjusted series (all of it, with the training part's indices).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { deseasonalise } from "./decompose.ts";
 * const adj = { kind: "multiplicative" as const, period: 2, indices: [2, 0.5], reason: "" };
 * assert(deseasonalise([4, 1, 6], adj).join() === "2,2,3");
 * ```
 */
export function deseasonalise(y: ArrayLike<number>, adj: SeasonalAdjustment): Float64Array {
  const out = Float64Array.from(y);
  if (adj.kind === "none") return out;
  for (let t = 0; t < out.length; t++) {
    const s = adj.indices[t % adj.period];
    out[t] = adj.kind === "multiplicative" ? out[t] / s : out[t] - s;
  }
  return out;
}

/**
 * Put the season back into flat `[origins × horizon]` forecasts made on the adjusted series, in
 * place: step `k` of origin `t` gets the index of time `t + k`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { reseasonalise } from "./decompose.ts";
 * const adj = { kind: "additive" as const, period: 2, indices: [1, -1], reason: "" };
 * assert(reseasonalise(new Float64Array([5, 5]), [0], 2, adj).join() === "4,6");
 * ```
 */
export function reseasonalise(
  forecasts: Float64Array,
  origins: ArrayLike<number>,
  horizon: number,
  adj: SeasonalAdjustment,
): Float64Array {
  if (adj.kind === "none") return forecasts;
  for (let b = 0; b < origins.length; b++) {
    for (let k = 1; k <= horizon; k++) {
      const s = adj.indices[(origins[b] + k) % adj.period];
      const i = b * horizon + k - 1;
      forecasts[i] = adj.kind === "multiplicative" ? forecasts[i] * s : forecasts[i] + s;
    }
  }
  return forecasts;
}
