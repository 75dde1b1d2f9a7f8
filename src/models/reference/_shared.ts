/**
 * Pieces the op-by-op cells share.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { CellWeights } from "../cell.ts";

/**
 * The input projection of every time step in one matMul: `xs·wx + bias` as `[T, B, G·H]`, split
 * into `T` tensors `[B, G·H]`.
 */
export function projectInputs(
  weights: CellWeights,
  xs: tf.Tensor3D,
  bias: tf.Tensor,
): tf.Tensor2D[] {
  const [steps, batch, inputSize] = xs.shape;
  const width = weights.wx.shape[1] as number;
  const projected = tf.add(tf.matMul(tf.reshape(xs, [steps * batch, inputSize]), weights.wx), bias);
  return tf.unstack(tf.reshape(projected, [steps, batch, width])) as tf.Tensor2D[];
}

/** Hidden size of a layer: `wh` is `[H, G·H]`. */
export function hiddenSize(weights: CellWeights): number {
  return weights.wh.shape[0] as number;
}
