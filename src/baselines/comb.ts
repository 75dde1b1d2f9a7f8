/**
 * Comb, the M4 competition's combination benchmark: the mean of the SES, Holt and damped-trend
 * forecasts (each fitted on its own).
 * @module
 */
import { dampedHolt, holt, ses } from "./exponential_smoothing.ts";
import type { BaselineData, StatisticalBaseline } from "./statistical.ts";

/**
 * `comb`: the mean of `ses`, `holt` and `damped-holt`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { comb } from "./comb.ts";
 * import { dampedHolt, holt, ses } from "./exponential_smoothing.ts";
 * const target = Float64Array.from({ length: 40 }, (_, t) => 10 + t + (t % 3));
 * const adjustment = { kind: "none" as const, period: 1, indices: [], reason: "" };
 * const data = { target, trainEnd: 30, horizon: 2, period: 1, adjustment, maxLag: 4 };
 * const parts = [ses, holt, dampedHolt].map((m) => m.fit(data).forecast([35]));
 * const mean = (parts[0][1] + parts[1][1] + parts[2][1]) / 3;
 * assert(Math.abs(comb.fit(data).forecast([35])[1] - mean) < 1e-9);
 * ```
 */
export const comb: StatisticalBaseline = {
  id: "comb",
  fit(data: BaselineData) {
    const members = [ses, holt, dampedHolt].map((m) => m.fit(data));
    return {
      params: {},
      spec: "mean of ses, holt and damped-holt",
      forecast(origins) {
        const [a, b, c] = members.map((m) => m.forecast(origins));
        return a.map((v, i) => (v + b[i] + c[i]) / 3);
      },
    };
  },
};
