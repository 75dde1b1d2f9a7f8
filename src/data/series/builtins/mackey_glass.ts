/**
 * `mackey-glass`: the chaotic Mackey–Glass delay equation with τ = 17, the classic benchmark.
 * @module
 */
import type { BuiltinSeries } from "./_builtin.ts";
import { gaussian, syntheticSeries } from "./_synthetic.ts";

/** Parameters of dx/dt = β·x(t−τ) / (1 + x(t−τ)ⁿ) − γ·x(t). */
export interface MackeyGlassOptions {
  tau?: number;
  beta?: number;
  gamma?: number;
  n?: number;
  /** Integration step (RK4); a divisor of 1 and of τ. */
  dt?: number;
  /** Time units integrated and discarded before sampling, so the transient is gone. */
  burnIn?: number;
}

/**
 * `points` samples (every 1 time unit) of Mackey–Glass, integrated with RK4 at step `dt`. The
 * delayed term at RK4 half steps is the mean of its two grid neighbours. The constant initial
 * history 1.2 is perturbed by `seed` (σ = 0.01), so each seed gives a different chaotic path.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { mackeyGlass } from "./mackey_glass.ts";
 * const x = mackeyGlass(300, 1);
 * assert(x.length === 300 && Math.min(...x) > 0.2 && Math.max(...x) < 1.5);
 * ```
 */
export function mackeyGlass(
  points: number,
  seed: number,
  { tau = 17, beta = 0.2, gamma = 0.1, n = 10, dt = 0.1, burnIn = 500 }: MackeyGlassOptions = {},
): Float64Array {
  const perStep = Math.round(1 / dt);
  const delay = Math.round(tau / dt);
  const total = Math.round((burnIn + points) / dt);
  const noise = gaussian(seed);
  // x[k] is x at time (k − delay)·dt; the first `delay + 1` entries are the initial history.
  const x = new Float64Array(delay + 1 + total);
  for (let k = 0; k <= delay; k++) x[k] = 1.2 + 0.01 * noise();
  const f = (now: number, lagged: number) =>
    beta * lagged / (1 + Math.pow(lagged, n)) - gamma * now;
  for (let k = delay; k < delay + total; k++) {
    const lag0 = x[k - delay], lag1 = x[k - delay + 1], lagHalf = (lag0 + lag1) / 2;
    const k1 = f(x[k], lag0);
    const k2 = f(x[k] + dt * k1 / 2, lagHalf);
    const k3 = f(x[k] + dt * k2 / 2, lagHalf);
    const k4 = f(x[k] + dt * k3, lag1);
    x[k + 1] = x[k] + dt * (k1 + 2 * k2 + 2 * k3 + k4) / 6;
  }
  const start = delay + Math.round(burnIn / dt);
  return Float64Array.from({ length: points }, (_, i) => x[start + i * perStep]);
}

/** The mackey-glass built-in. */
export const mackeyGlassSeries: BuiltinSeries = {
  id: "mackey-glass",
  description: "Synthetic Mackey–Glass (τ=17, β=0.2, γ=0.1, n=10, RK4 dt=0.1), 2,000 points",
  defaults: { points: 2000, seed: 1 },
  windows: { lookback: 30, horizon: 1 },
  load: (spec) => [
    syntheticSeries("mackey-glass", mackeyGlass(spec.points ?? 2000, spec.seed ?? 1), spec),
  ],
};
