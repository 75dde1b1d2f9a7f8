/**
 * Naive2, the M4 competition's reference forecast: the naive forecast of the seasonally adjusted
 * series, seasonality put back (multiplicative classical decomposition when the 90 % test finds
 * seasonality; additive, or none, with the reason, otherwise). OWA is measured against it.
 * @module
 */
import { deseasonalise, reseasonalise } from "./decompose.ts";
import type { BaselineData, StatisticalBaseline } from "./statistical.ts";

/**
 * `naive2`: `ŷ[t+k] = a[t]·s[t+k]` with `a` the adjusted series and `s` the training part's
 * seasonal indices.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { naive2 } from "./naive2.ts";
 * const adjustment = { kind: "multiplicative" as const, period: 2, indices: [2, 0.5], reason: "" };
 * const target = Float64Array.from([4, 1, 6, 1.5]);
 * const fitted = naive2.fit({ target, trainEnd: 4, horizon: 2, period: 2, adjustment, maxLag: 1 });
 * assert(fitted.forecast([2]).join() === "1.5,6"); // a[2] = 3, times s[1], s[0]
 * ```
 */
export const naive2: StatisticalBaseline = {
  id: "naive2",
  fit(data: BaselineData) {
    const adjusted = deseasonalise(data.target, data.adjustment);
    return {
      params: {},
      spec: `naive on the ${
        data.adjustment.kind === "none" ? "raw" : "seasonally adjusted"
      } series`,
      forecast(origins) {
        const out = new Float64Array(origins.length * data.horizon);
        for (let b = 0; b < origins.length; b++) {
          out.fill(adjusted[origins[b]], b * data.horizon, (b + 1) * data.horizon);
        }
        return reseasonalise(out, origins, data.horizon, data.adjustment);
      },
    };
  },
};
