/**
 * Chronological train/validation/test split: the earliest points train, the latest test. Never
 * shuffled, so no future value leaks into training.
 * @module
 */
import { InputError } from "../../errors.ts";
import { configKey } from "./_where.ts";

/** Split fractions `[train, val, test]`, summing to 1. */
export type SplitFractions = readonly [number, number, number];

/** Where validation and test start: train `[0, trainEnd)`, val, test `[valEnd, length)`. */
export interface SplitBounds {
  trainEnd: number;
  valEnd: number;
  length: number;
}

/**
 * Bounds of a chronological split of `length` points, checked to leave room for windows: the train
 * part needs `lookback + horizon` points (one window), val and test `horizon` each (their windows
 * may look back into the previous part, never forward).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { chronologicalSplit } from "./split.ts";
 * const b = chronologicalSplit(100, [0.7, 0.15, 0.15], 10, 2, "co2");
 * assert(b.trainEnd === 70 && b.valEnd === 85 && b.length === 100);
 * ```
 */
export function chronologicalSplit(
  length: number,
  fractions: SplitFractions,
  lookback: number,
  horizon: number,
  name: string,
  configFile?: string,
): SplitBounds {
  const [train, val, test] = fractions;
  const sum = train + val + test;
  if (fractions.some((f) => !(f > 0)) || Math.abs(sum - 1) > 1e-6) {
    throw new InputError(
      configKey(configFile, "forecast.split"),
      `must be three positive fractions summing to 1, got [${fractions.join(", ")}]`,
      "use e.g. [0.7, 0.15, 0.15]",
    );
  }
  const trainEnd = Math.floor(length * train);
  const valEnd = trainEnd + Math.floor(length * val);
  const sizes = [trainEnd, valEnd - trainEnd, length - valEnd];
  const needs = [lookback + horizon, horizon, horizon];
  if (sizes.some((size, i) => size < needs[i])) {
    let minimum = length;
    while (!fits(minimum, fractions, needs)) minimum++;
    throw new InputError(
      configKey(configFile, `series "${name}"`),
      `${length} points are too few for lookback ${lookback} + horizon ${horizon} with split ` +
        `[${fractions.join(", ")}] (train/val/test get ${sizes.join("/")} points, need at least ` +
        `${needs.join("/")}; about ${minimum} points would do)`,
      "use a longer series, a smaller forecast.lookback/horizon, or a different forecast.split",
    );
  }
  return { trainEnd, valEnd, length };
}

function fits(length: number, [train, val]: SplitFractions, needs: number[]): boolean {
  const trainEnd = Math.floor(length * train), valEnd = trainEnd + Math.floor(length * val);
  return trainEnd >= needs[0] && valEnd - trainEnd >= needs[1] && length - valEnd >= needs[2];
}
