/**
 * Forecast windows: an origin `t` (the last observed point) defines inputs `x[t−L+1 .. t]` (all
 * value columns) and targets `y[t+1 .. t+H]` (the target column, direct multi-step).
 * @module
 */
import type { SplitBounds } from "./split.ts";

/** Origins per split. Train origins are strided; val and test use every origin. */
export interface WindowOrigins {
  train: Int32Array;
  val: Int32Array;
  test: Int32Array;
}

/**
 * Origins whose targets lie wholly inside their split. Inputs of the first val/test windows reach
 * back into the previous split, which is known history at forecast time.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { windowOrigins } from "./windows.ts";
 * const o = windowOrigins({ trainEnd: 10, valEnd: 13, length: 16 }, 3, 2, 2);
 * assert(o.train.join() === "2,4,6" && o.val.join() === "9,10");
 * assert(o.test.join() === "12,13");
 * ```
 */
export function windowOrigins(
  bounds: SplitBounds,
  lookback: number,
  horizon: number,
  stride: number,
): WindowOrigins {
  const range = (first: number, last: number, step: number) => {
    const out: number[] = [];
    for (let t = first; t <= last; t += step) out.push(t);
    return Int32Array.from(out);
  };
  return {
    train: range(lookback - 1, bounds.trainEnd - 1 - horizon, stride),
    val: range(Math.max(lookback, bounds.trainEnd) - 1, bounds.valEnd - 1 - horizon, 1),
    test: range(Math.max(lookback, bounds.valEnd) - 1, bounds.length - 1 - horizon, 1),
  };
}

/** A batch of windows, laid out for the model: inputs time-major `[L, B, C]`, targets `[B, H]`. */
export interface WindowBatch {
  inputs: Float32Array;
  inputShape: [number, number, number];
  targets: Float32Array;
  targetShape: [number, number];
  /** Per window, what was subtracted from the targets (the target at the origin, or 0). */
  anchors: Float32Array;
}

/**
 * Gather the windows at `origins` from (normalised) columns. With `relative`, every column's value
 * at the origin is subtracted from its inputs and the target's from the targets, so the model sees
 * changes, not levels: a trend that leaves the training range then stays in range.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { gatherWindows } from "./windows.ts";
 * const cols = [Float64Array.of(0, 1, 2, 3, 4), Float64Array.of(10, 11, 12, 13, 14)];
 * const b = gatherWindows(cols, 0, Int32Array.of(1, 2), 2, 2);
 * assert(b.inputShape.join() === "2,2,2" && b.targetShape.join() === "2,2");
 * assert(b.inputs.join() === "0,10,1,11,1,11,2,12" && b.targets.join() === "2,3,3,4");
 * ```
 */
export function gatherWindows(
  columns: Float64Array[],
  targetIndex: number,
  origins: ArrayLike<number>,
  lookback: number,
  horizon: number,
  relative = false,
): WindowBatch {
  const batch = origins.length, width = columns.length;
  const inputs = new Float32Array(lookback * batch * width);
  const targets = new Float32Array(batch * horizon);
  const anchors = new Float32Array(batch);
  const target = columns[targetIndex];
  for (let b = 0; b < batch; b++) {
    const origin = origins[b];
    for (let s = 0; s < lookback; s++) {
      const t = origin - lookback + 1 + s;
      for (let c = 0; c < width; c++) {
        inputs[(s * batch + b) * width + c] = columns[c][t] - (relative ? columns[c][origin] : 0);
      }
    }
    anchors[b] = relative ? target[origin] : 0;
    for (let k = 0; k < horizon; k++) {
      targets[b * horizon + k] = target[origin + 1 + k] - anchors[b];
    }
  }
  return {
    inputs,
    inputShape: [lookback, batch, width],
    targets,
    targetShape: [batch, horizon],
    anchors,
  };
}

/** The actual target values (any units) after each origin, flattened `[N·H]`. */
export function targetsAfter(
  target: ArrayLike<number>,
  origins: ArrayLike<number>,
  horizon: number,
): Float64Array {
  const out = new Float64Array(origins.length * horizon);
  for (let b = 0; b < origins.length; b++) {
    for (let k = 0; k < horizon; k++) out[b * horizon + k] = target[origins[b] + 1 + k];
  }
  return out;
}
