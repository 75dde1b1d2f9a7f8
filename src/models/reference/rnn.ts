/**
 * Vanilla (Elman) RNN, op by op: `h_t = tanh(x_t·wx + bx + h_{t-1}·wh + bh)`.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { CellState, CellWeights, SequenceOutput } from "../cell.ts";
import { projectInputs } from "./_shared.ts";

/**
 * Run a tanh RNN over a time-major sequence `xs` `[T, B, E]` from `state` `[h0]`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { useBackend } from "../../backend/mod.ts";
 * await useBackend("cpu");
 * import * as tf from "@tensorflow/tfjs-core";
 * import { initCellWeights } from "../init.ts";
 * import { rnnSequence } from "./rnn.ts";
 * const weights = initCellWeights("rnn", 2, 3, 1, "doc/rnn");
 * const { hs, state } = rnnSequence(weights, tf.zeros([4, 1, 2]), [tf.zeros([1, 3])]);
 * assert(hs.shape.join() === "4,1,3" && state[0].shape.join() === "1,3");
 * ```
 */
export function rnnSequence(
  weights: CellWeights,
  xs: tf.Tensor3D,
  state: CellState,
): SequenceOutput {
  const [hs, h] = tf.tidy(() => {
    // Both biases are added once to all steps' input projections: same sum, fewer ops.
    const inputs = projectInputs(weights, xs, tf.add(weights.bx, weights.bh));
    let h = state[0];
    const all: tf.Tensor2D[] = [];
    for (const input of inputs) {
      h = tf.tanh(tf.add(input, tf.matMul(h, weights.wh)));
      all.push(h);
    }
    return [tf.stack(all) as tf.Tensor3D, h];
  });
  return { hs, state: [h] };
}
