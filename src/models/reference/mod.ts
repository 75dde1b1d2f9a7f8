/**
 * The op-by-op reference cells: plain tfjs ops, differentiated by tfjs autodiff. Slow but obviously
 * right; the golden tests hold them to PyTorch, and fused cells are held to them.
 * @module
 */
// tfjs-core ships no gradient registrations; the umbrella package registers them all (side effect).
import "@tensorflow/tfjs";
import type { SequenceFn } from "../cell.ts";
import { gruSequence } from "./gru.ts";
import { lstmSequence } from "./lstm.ts";
import { rnnSequence } from "./rnn.ts";

export { gruSequence, lstmSequence, rnnSequence };

/**
 * The reference {@link SequenceFn}: dispatches on the cell kind.
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
  const expected = kind === "lstm" ? 2 : 1;
  if (state.length !== expected) {
    throw new Error(`${kind} state must hold ${expected} tensor(s), got ${state.length}`);
  }
  switch (kind) {
    case "rnn":
      return rnnSequence(weights, xs, state);
    case "lstm":
      return lstmSequence(weights, xs, state);
    case "gru":
      return gruSequence(weights, xs, state);
  }
};
