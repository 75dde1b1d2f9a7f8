/**
 * One time step of each cell kind, op by op, with the same math as `src/models/reference/` (and
 * the same weights). The diagnostics need a step at a time: the gradient-flow probe perturbs every
 * `h_t`, the gate statistics read every gate activation.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { CellKind, CellWeights } from "../models/cell.ts";

/** Sigmoid gate activations of one step, by gate name (lstm i, f, o; gru r, z), each `[B, H]`. */
export type GateActivations = Record<string, tf.Tensor2D>;

/** What one step returns: the new `h` (and `c` for lstm) and the sigmoid gates. */
export interface StepOutput {
  h: tf.Tensor2D;
  c?: tf.Tensor2D;
  gates: GateActivations;
}

/** Sigmoid gate names per kind, in weight-block order. */
export const SIGMOID_GATES: Readonly<Record<CellKind, readonly string[]>> = {
  rnn: [],
  lstm: ["i", "f", "o"],
  gru: ["r", "z"],
};

/**
 * The input projections `x_t·wx + bx` of all steps, `T` tensors `[B, G·H]` (one matMul).
 * `xs` is time-major `[T, B, E]`.
 */
export function projectAll(weights: CellWeights, xs: tf.Tensor3D): tf.Tensor2D[] {
  const [steps, batch, inputSize] = xs.shape;
  const width = weights.wx.shape[1] as number;
  const projected = tf.add(
    tf.matMul(tf.reshape(xs, [steps * batch, inputSize]) as tf.Tensor2D, weights.wx as tf.Tensor2D),
    weights.bx,
  );
  return tf.unstack(tf.reshape(projected, [steps, batch, width])) as tf.Tensor2D[];
}

/** One step of `kind` from the projected input `xProj` (`x·wx + bx`) and the previous state. */
export function cellStep(
  kind: CellKind,
  weights: CellWeights,
  xProj: tf.Tensor2D,
  h: tf.Tensor2D,
  c?: tf.Tensor2D,
): StepOutput {
  const hProj = tf.add(tf.matMul(h, weights.wh as tf.Tensor2D), weights.bh) as tf.Tensor2D;
  switch (kind) {
    case "rnn":
      return { h: tf.tanh(tf.add(xProj, hProj)), gates: {} };
    case "lstm": {
      const [i, f, g, o] = tf.split(tf.add(xProj, hProj), 4, 1) as tf.Tensor2D[];
      const gates = { i: tf.sigmoid(i), f: tf.sigmoid(f), o: tf.sigmoid(o) };
      const cNext = tf.add(tf.mul(gates.f, c!), tf.mul(gates.i, tf.tanh(g))) as tf.Tensor2D;
      return { h: tf.mul(gates.o, tf.tanh(cNext)), c: cNext, gates };
    }
    case "gru": {
      const [xr, xz, xn] = tf.split(xProj, 3, 1) as tf.Tensor2D[];
      const [hr, hz, hn] = tf.split(hProj, 3, 1) as tf.Tensor2D[];
      const r = tf.sigmoid(tf.add(xr, hr)) as tf.Tensor2D;
      const z = tf.sigmoid(tf.add(xz, hz)) as tf.Tensor2D;
      const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
      return { h: tf.add(n, tf.mul(z, tf.sub(h, n))), gates: { r, z } };
    }
  }
}
