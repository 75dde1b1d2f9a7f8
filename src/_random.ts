/**
 * A tiny seeded PRNG, so weight init and test data are identical on every machine and backend.
 * @module
 */

/**
 * mulberry32: a 32-bit seeded generator returning floats in [0, 1). Not cryptographic; fast and
 * well spread, which is all weight init needs.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { mulberry32 } from "./_random.ts";
 * const a = mulberry32(1), b = mulberry32(1);
 * assert(a() === b() && a() >= 0 && a() < 1);
 * ```
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` floats uniform in [low, high) from `random`. */
export function uniformArray(
  random: () => number,
  count: number,
  low: number,
  high: number,
): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = low + (high - low) * random();
  return out;
}

/**
 * `count` standard normal floats from `random` (Box–Muller: two normals from two uniforms; 1 − u
 * keeps the log finite).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { mulberry32, normalArray } from "./_random.ts";
 * const x = normalArray(mulberry32(7), 20000);
 * const mean = x.reduce((s, v) => s + v, 0) / x.length;
 * const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
 * assert(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05);
 * ```
 */
export function normalArray(random: () => number, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}
