/**
 * LSTM, op by op, gate blocks in PyTorch's order i, f, g, o:
 * `c_t = σ(f)·c_{t-1} + σ(i)·tanh(g)`, `h_t = σ(o)·tanh(c_t)`.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { CellState, CellWeights, SequenceOutput } from "../cell.ts";
import { projectInputs } from "./_shared.ts";

/**
 * Run an LSTM over a time-major sequence `xs` `[T, B, E]` from `state` `[h0, c0]`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { useBackend } from "../../backend/mod.ts";
 * await useBackend("cpu");
 * import * as tf from "@tensorflow/tfjs-core";
 * import { initCellWeights } from "../init.ts";
 * import { lstmSequence } from "./lstm.ts";
 * const weights = initCellWeights("lstm", 2, 3, 1, "doc/lstm");
 * const zeros = () => tf.zeros([1, 3]) as tf.Tensor2D;
 * const { hs, state } = lstmSequence(weights, tf.zeros([4, 1, 2]), [zeros(), zeros()]);
 * assert(hs.shape.join() === "4,1,3" && state.length === 2);
 * ```
 */
export function lstmSequence(
  weights: CellWeights,
  xs: tf.Tensor3D,
  state: CellState,
): SequenceOutput {
  const [hs, h, c] = tf.tidy(() => {
    const inputs = projectInputs(weights, xs, tf.add(weights.bx, weights.bh));
    let [h, c] = state;
    const all: tf.Tensor2D[] = [];
    for (const input of inputs) {
      const gates = tf.add(input, tf.matMul(h, weights.wh));
      const [i, f, g, o] = tf.split(gates, 4, 1) as tf.Tensor2D[];
      c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      h = tf.mul(tf.sigmoid(o), tf.tanh(c));
      all.push(h);
    }
    return [tf.stack(all) as tf.Tensor3D, h, c];
  });
  return { hs, state: [h, c] };
}
