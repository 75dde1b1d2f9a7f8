/**
 * The op-by-op reference: each cell's own `step` (plain tfjs ops) run one step at a time and
 * differentiated by tfjs autodiff. Slow but obviously right; the golden tests hold it to PyTorch,
 * the fused cells are held to it, and the probes (gradient flow, gate statistics) run it.
 * @module
 */
// tfjs-core ships no gradient registrations; the umbrella package registers them all (side effect).
import "@tensorflow/tfjs";
import * as tf from "@tensorflow/tfjs-core";
import type { Cell, CellState, CellWeights, SequenceFn, StepOutput } from "../cell.ts";
import { cellOf } from "../cells/mod.ts";

/**
 * The input projections `x_t·wx + bx` of all steps in one matMul: `T` tensors `[B, G·H]`.
 * `xs` is time-major `[T, B, E]`.
 */
export function projectInputs(weights: CellWeights, xs: tf.Tensor3D): tf.Tensor2D[] {
  const [steps, batch, inputSize] = xs.shape;
  const width = weights.wx.shape[1] as number;
  const projected = tf.add(
    tf.matMul(tf.reshape(xs, [steps * batch, inputSize]) as tf.Tensor2D, weights.wx as tf.Tensor2D),
    weights.bx,
  );
  return tf.unstack(tf.reshape(projected, [steps, batch, width])) as tf.Tensor2D[];
}

/** One step of `cell` from the projected input `xProj` (`x·wx + bx`) and the previous state. */
export function referenceStep(
  cell: Cell,
  weights: CellWeights,
  xProj: tf.Tensor2D,
  state: CellState,
): StepOutput {
  const hProj = tf.add(tf.matMul(state[0], weights.wh as tf.Tensor2D), weights.bh) as tf.Tensor2D;
  return cell.step(xProj, hProj, state);
}

/** A zero state of `kind` for `batch` rows of `hidden` units (one tensor per state part). */
export function zeroState(kind: Cell["kind"], batch: number, hidden: number): CellState {
  return cellOf(kind).state.map(() => tf.zeros([batch, hidden]) as tf.Tensor2D);
}

/**
 * The reference {@link SequenceFn}: the cell's step over every time step.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { useBackend } from "../../backend/mod.ts";
 * await useBackend("cpu");
 * import * as tf from "@tensorflow/tfjs-core";
 * import { initCellWeights } from "../init.ts";
 * import { referenceSequence } from "./mod.ts";
 * const weights = initCellWeights("gru", 2, 3, 7, "doc/ref");
 * const { hs } = referenceSequence("gru", weights, tf.ones([5, 2, 2]), [tf.zeros([2, 3])]);
 * assert(hs.shape.join() === "5,2,3");
 * ```
 */
export const referenceSequence: SequenceFn = (kind, weights, xs, state) => {
  const cell = cellOf(kind);
  if (state.length !== cell.state.length) {
    throw new Error(`${kind} state must hold ${cell.state.length} tensor(s), got ${state.length}`);
  }
  const [hs, ...last] = tf.tidy(() => {
    let current = state;
    const all: tf.Tensor2D[] = [];
    for (const xProj of projectInputs(weights, xs)) {
      current = referenceStep(cell, weights, xProj, current).state;
      all.push(current[0]);
    }
    return [tf.stack(all) as tf.Tensor3D, ...current];
  });
  return { hs: hs as tf.Tensor3D, state: last as tf.Tensor2D[] };
};
