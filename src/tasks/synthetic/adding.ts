/**
 * The adding problem (Hochreiter & Schmidhuber 1997, §5.4; used by Pascanu et al. 2013 and Le et
 * al. 2015): each step carries two channels, a value drawn from U(0, 1) and a marker (0 or 1).
 * Exactly two steps are marked; the target, read after the last step, is the sum of the two marked
 * values. Predicting the mean (1) scores MSE = Var(U₁ + U₂) = 1/6 ≈ 0.167; "solved" is MSE < 0.01.
 * @module
 */
import type { ADDING_MARKERS as CONFIG_ADDING_MARKERS } from "../../config/tasks/memory.ts";

/** Where the two markers go. */
export const ADDING_MARKERS = ["halves", "early"] as const;
/**
 * `halves`: one marker uniform in the first half, one in the second half (Le et al. 2015;
 * Arjovsky et al. 2016). `early`: the first among the first 10 steps, the second among the first
 * T/2 − 1 steps, as in Hochreiter & Schmidhuber 1997 (who drew values from [−1, 1] and scaled the
 * target; here values are U(0, 1) and the target is their plain sum in both variants).
 */
export type AddingMarkers = typeof ADDING_MARKERS[number];
// The config schema keeps its own copy of the list (config sits below tasks): they must be equal.
type ConfigMarkers = typeof CONFIG_ADDING_MARKERS[number];
const _markersMatch: [AddingMarkers, ConfigMarkers] extends [ConfigMarkers, AddingMarkers] ? true
  : never = true;

/** Input channels per step: value, marker. */
export const ADDING_CHANNELS = 2;

/** MSE of always predicting the mean target 1: Var(U₁ + U₂) = 2 · 1/12. */
export const ADDING_MEAN_MSE = 1 / 6;

/** One batch of the adding problem. */
export interface AddingBatch {
  /** Time-major `[T, B, 2]`: channel 0 the value, channel 1 the marker. */
  inputs: Float32Array;
  /** `[B]`: the sum of each sequence's two marked values. */
  targets: Float32Array;
  /** The two marked steps of each sequence, in increasing order. */
  marked: [number, number][];
}

/** The two marked steps of one sequence of length `lag`. */
function markerSteps(lag: number, markers: AddingMarkers, random: () => number): [number, number] {
  const draw = (from: number, to: number) => from + Math.floor(random() * (to - from));
  const half = Math.floor(lag / 2);
  if (markers === "halves") return [draw(0, half), draw(half, lag)];
  const firstSpan = Math.max(1, Math.min(10, half - 1));
  const secondSpan = Math.max(2, half - 1);
  const first = draw(0, firstSpan);
  let second = draw(0, secondSpan - 1);
  if (second >= first) second++; // distinct from the first, uniform over the others
  return first < second ? [first, second] : [second, first];
}

/**
 * A batch of `batch` sequences of length `lag` (≥ 2) drawn from `random`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { addingBatch } from "./adding.ts";
 * import { mulberry32 } from "../../_random.ts";
 * const { inputs, targets, marked } = addingBatch(20, 3, mulberry32(1));
 * const [a, b] = marked[0]; // sequence 0: step t, channel c is inputs[(t·3 + 0)·2 + c]
 * assert(Math.abs(targets[0] - inputs[a * 3 * 2] - inputs[b * 3 * 2]) < 1e-6);
 * ```
 */
export function addingBatch(
  lag: number,
  batch: number,
  random: () => number,
  markers: AddingMarkers = "halves",
): AddingBatch {
  if (!Number.isInteger(lag) || lag < 2) throw new RangeError(`lag must be ≥ 2, got ${lag}`);
  const inputs = new Float32Array(lag * batch * ADDING_CHANNELS);
  const targets = new Float32Array(batch);
  const marked: [number, number][] = [];
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < lag; t++) inputs[(t * batch + b) * ADDING_CHANNELS] = random();
    const steps = markerSteps(lag, markers, random);
    let sum = 0;
    for (const t of steps) {
      inputs[(t * batch + b) * ADDING_CHANNELS + 1] = 1;
      sum += inputs[(t * batch + b) * ADDING_CHANNELS];
    }
    targets[b] = sum;
    marked.push(steps);
  }
  return { inputs, targets, marked };
}
