/**
 * Decoupled weight decay (Loshchilov & Hutter 2019, "AdamW"): shrink the weights directly after
 * the optimiser's update instead of adding an L2 term to the loss, so Adam's per-parameter scaling
 * does not weaken it. Biases (rank-1 variables) are left alone.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/**
 * `w ← (1 − factor)·w` for every variable of rank ≥ 2 (`factor` = learning rate × λ).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import * as tf from "@tensorflow/tfjs-core";
 * import "@tensorflow/tfjs-backend-cpu";
 * import { decayWeights } from "./weight_decay.ts";
 * await tf.setBackend("cpu");
 * const w = tf.variable(tf.ones([2, 2])), b = tf.variable(tf.ones([2]));
 * decayWeights(new Map([["w", w], ["b", b]]), 0.1);
 * assert(w.dataSync()[0] === Math.fround(0.9) && b.dataSync()[0] === 1);
 * tf.dispose([w, b]);
 * ```
 */
export function decayWeights(variables: Map<string, tf.Variable>, factor: number): void {
  tf.tidy(() => {
    for (const variable of variables.values()) {
      if (variable.rank >= 2) variable.assign(tf.mul(variable, 1 - factor));
    }
  });
}
