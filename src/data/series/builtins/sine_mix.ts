/**
 * `sine-mix`: a seeded noisy mixture of sines (periods 12 and 50 steps, noise σ = 0.1).
 * @module
 */
import type { BuiltinSeries } from "./_builtin.ts";
import { gaussian, syntheticSeries } from "./_synthetic.ts";

/**
 * `points` values of sin(2πt/12) + 0.6·sin(2πt/50 + 1) + 0.1·N(0,1), deterministic in `seed`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { sineMix } from "./sine_mix.ts";
 * assert(sineMix(100, 3).join() === sineMix(100, 3).join());
 * ```
 */
export function sineMix(points: number, seed: number): Float64Array {
  const noise = gaussian(seed);
  return Float64Array.from(
    { length: points },
    (_, t) =>
      Math.sin(2 * Math.PI * t / 12) + 0.6 * Math.sin(2 * Math.PI * t / 50 + 1) + 0.1 * noise(),
  );
}

/** The sine-mix built-in. */
export const sineMixSeries: BuiltinSeries = {
  id: "sine-mix",
  description: "Synthetic noisy sine mixture (periods 12 and 50), 2,000 points",
  defaults: { points: 2000, seed: 1 },
  windows: { lookback: 50, horizon: 1 },
  load: (spec) => [syntheticSeries("sine-mix", sineMix(spec.points ?? 2000, spec.seed ?? 1), spec)],
};
