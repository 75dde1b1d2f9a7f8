/**
 * The Cell seam: every recurrent cell kind (rnn, lstm, gru) and every implementation of it (the
 * op-by-op reference, a fused kernel with hand-written BPTT) runs a whole sequence behind one
 * signature, so the model and the trainer never know which one they hold.
 *
 * Parameters follow PyTorch's convention, transposed for row-major matMuls:
 * `wx` = W_ihᵀ `[inputSize, G·H]`, `wh` = W_hhᵀ `[H, G·H]`, `bx` = b_ih `[G·H]`, `bh` = b_hh `[G·H]`,
 * gate blocks in PyTorch's order (lstm: i, f, g, o; gru: r, z, n). Every kind has both biases, so at
 * equal sizes an LSTM's recurrent-layer parameters are exactly 4× an RNN's (GRU: 3×).
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";

/** The cell kinds rnnlab knows. */
export const CELL_KINDS = ["rnn", "lstm", "gru"] as const;
/** One of {@link CELL_KINDS}. */
export type CellKind = typeof CELL_KINDS[number];

/** Gate blocks per kind: the G in `[.., G·H]`. */
export const GATES: Readonly<Record<CellKind, number>> = { rnn: 1, lstm: 4, gru: 3 };

/** A cell layer's trainable weights (see the module doc for shapes and layout). */
export interface CellWeights {
  wx: tf.Variable;
  wh: tf.Variable;
  bx: tf.Variable;
  bh: tf.Variable;
}

/** Recurrent state, each `[B, H]`: rnn and gru `[h]`, lstm `[h, c]`. */
export type CellState = tf.Tensor2D[];

/** What a layer returns for one sequence. */
export interface SequenceOutput {
  /** Hidden state at every step, time-major `[T, B, H]`. */
  hs: tf.Tensor3D;
  /** State after the last step (same layout as the input state). */
  state: CellState;
}

/**
 * One implementation of a cell kind's sequence computation. Must be differentiable with respect to
 * `xs`, `state` and the weights (by tfjs ops, or by a registered kernel gradient / `tf.customGrad`).
 * `xs` is time-major `[T, B, inputSize]`.
 */
export type SequenceFn = (
  kind: CellKind,
  weights: CellWeights,
  xs: tf.Tensor3D,
  state: CellState,
) => SequenceOutput;
