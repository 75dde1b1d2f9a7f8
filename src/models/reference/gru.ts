/**
 * GRU, op by op, gate blocks in PyTorch's order r, z, n:
 * `r, z = σ(x·wx + bx + h·wh + bh)`, `n = tanh(x·wx_n + bx_n + r·(h·wh_n + bh_n))`,
 * `h_t = (1 − z)·n + z·h_{t-1}`.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { CellState, CellWeights, SequenceOutput } from "../cell.ts";
import { projectInputs } from "./_shared.ts";

/**
 * Run a GRU over a time-major sequence `xs` `[T, B, E]` from `state` `[h0]`. The candidate's
 * recurrent bias `bh_n` sits inside `r·(h·wh_n + bh_n)`, so `bh` is added per step, not folded into
 * the input projection.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { useBackend } from "../../backend/mod.ts";
 * await useBackend("cpu");
 * import * as tf from "@tensorflow/tfjs-core";
 * import { initCellWeights } from "../init.ts";
 * import { gruSequence } from "./gru.ts";
 * const weights = initCellWeights("gru", 2, 3, 1, "doc/gru");
 * const { hs, state } = gruSequence(weights, tf.zeros([4, 1, 2]), [tf.zeros([1, 3])]);
 * assert(hs.shape.join() === "4,1,3" && state[0].shape.join() === "1,3");
 * ```
 */
export function gruSequence(
  weights: CellWeights,
  xs: tf.Tensor3D,
  state: CellState,
): SequenceOutput {
  const [hs, h] = tf.tidy(() => {
    const inputs = projectInputs(weights, xs, weights.bx);
    let h = state[0];
    const all: tf.Tensor2D[] = [];
    for (const input of inputs) {
      const [xr, xz, xn] = tf.split(input, 3, 1);
      const [hr, hz, hn] = tf.split(tf.add(tf.matMul(h, weights.wh), weights.bh), 3, 1);
      const r = tf.sigmoid(tf.add(xr, hr));
      const z = tf.sigmoid(tf.add(xz, hz));
      const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
      // (1 − z)·n + z·h, written as n + z·(h − n): one op fewer.
      h = tf.add(n, tf.mul(z, tf.sub(h, n))) as tf.Tensor2D;
      all.push(h);
    }
    return [tf.stack(all) as tf.Tensor3D, h];
  });
  return { hs, state: [h] };
}
