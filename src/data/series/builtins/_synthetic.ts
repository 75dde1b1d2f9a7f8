/**
 * Shared helpers for synthetic series: seeded Gaussian noise and wrapping an array as a Series.
 * @module
 */
import { mulberry32 } from "../../../_random.ts";
import type { Series, SeriesSpec } from "../types.ts";

/** Standard normal draws from a seeded generator (Box–Muller). */
export function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** A single-column series on a step-1 integer index. */
export function syntheticSeries(id: string, values: Float64Array, spec: SeriesSpec): Series {
  return {
    name: id,
    columns: ["value"],
    target: "value",
    targetIndex: 0,
    values: [values],
    times: Array.from(values, (_, i) => String(i)),
    frequency: "1 step",
    period: spec.period,
    repaired: { interpolated: 0, dropped: 0 },
  };
}
