/**
 * The gradient-flow probe: how strongly the loss at the last position, L_T, depends on the hidden
 * state k steps earlier, ‖∂L_T/∂h_{T−k}‖ for k = 0..K, per layer, and the per-step decay rate (the
 * least-squares slope of the log-norm against k: negative means the gradient vanishes with
 * distance, positive that it grows).
 *
 * How: the probe runs the model's own weights through the cell's own reference step one step at a
 * time (`referenceStep` of `models/reference/mod.ts`), adds a zero perturbation δ_t to every h_t (h_t + δ_t feeds the next
 * step, the next layer and the head) and takes the gradient of L_T with respect to the δs, which
 * equals ∂L_T/∂h_t. It is a separate pass that changes no weight, so it measures the same network
 * whichever {@link SequenceFn} (fused or reference) trains it.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../backend/read.ts";
// The reference module also registers tfjs's gradients (the probe differentiates plain ops).
import { projectInputs, referenceStep, zeroState } from "../models/reference/mod.ts";
import { cellOf } from "../models/cells/mod.ts";
import type { RecurrentModel } from "../models/model.ts";
import { embed } from "../models/embedding.ts";

/** One layer's profile at one eval step, as stored in events and `summary.json`. */
export interface GradFlowEntry {
  step: number;
  layer: number;
  /** `norms[k]` = mean over the batch of the per-example ‖∂L_T/∂h_{T−k}‖, k = 0..K. */
  norms: number[];
  /** Slope of ln(norm) against k (per step); null with fewer than two positive norms. */
  decayPerStep: number | null;
}

/** A layer's profile without the step. */
export type GradFlowProfile = Omit<GradFlowEntry, "step">;

/**
 * Per-example losses `[B]` at the last position, from the head's outputs there `[B, outputSize]`.
 * Summed (not averaged) by the probe, so each example's gradient is its own loss's gradient.
 */
export type LastLoss = (outputs: tf.Tensor2D) => tf.Tensor1D;

/** Time-major model inputs as the first layer's input sequence `[T, B, E]`. */
export function inputSequence(model: RecurrentModel, inputs: tf.Tensor): tf.Tensor3D {
  const [steps, batch] = inputs.shape;
  if (!model.embedding) return inputs as tf.Tensor3D;
  const flat = tf.reshape(inputs, [steps * batch]) as tf.Tensor1D;
  return tf.reshape(embed(model.embedding, flat), [steps, batch, model.spec.inputSize]);
}

/**
 * Least-squares slope of ln(norms[k]) against k over the positive finite norms; null when fewer
 * than two remain. A norm that underflowed to 0 carries no slope information and is skipped.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { fitDecay } from "./grad_flow.ts";
 * const norms = [1, 0.5, 0.25, 0.125];
 * assert(Math.abs(fitDecay(norms)! - Math.log(0.5)) < 1e-12);
 * assert(fitDecay([1, 0]) === null);
 * ```
 */
export function fitDecay(norms: readonly number[]): number | null {
  const points = norms.flatMap((n, k) => (Number.isFinite(n) && n > 0 ? [[k, Math.log(n)]] : []));
  if (points.length < 2) return null;
  const mk = points.reduce((s, [k]) => s + k, 0) / points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / points.length;
  let num = 0;
  let den = 0;
  for (const [k, y] of points) {
    num += (k - mk) * (y - my);
    den += (k - mk) ** 2;
  }
  return num / den;
}

/**
 * Probe `model` on one batch from a zero initial state: ‖∂L_T/∂h_{T−k}‖ for k = 0..`maxLag`
 * (default and upper bound T − 1), for every layer. `inputs` is time-major: token ids `[T, B]`
 * (int32) for a model with an embedding, else features `[T, B, inputSize]`. Dropout is off.
 */
export async function gradientFlow(
  model: RecurrentModel,
  inputs: tf.Tensor,
  lastLoss: LastLoss,
  maxLag?: number,
): Promise<GradFlowProfile[]> {
  const [steps, batch] = inputs.shape;
  const lags = Math.max(0, Math.min(maxLag ?? steps - 1, steps - 1)) + 1;
  const first = steps - lags;
  const { cell, hidden } = model.spec;
  const theCell = cellOf(cell);
  const layers = model.layers.length;
  const values = await readValues(tf.tidy(() => {
    const xs0 = inputSequence(model, inputs);
    const deltas = Array.from({ length: layers * lags }, () => tf.zeros([batch, hidden]));
    const lossOf = (...ds: tf.Tensor[]): tf.Scalar => {
      let xs = xs0;
      let top: tf.Tensor2D | undefined;
      for (let l = 0; l < layers; l++) {
        const projected = projectInputs(model.layers[l], xs);
        let state = zeroState(cell, batch, hidden);
        const hs: tf.Tensor2D[] = [];
        for (let t = 0; t < steps; t++) {
          const [h, ...rest] = referenceStep(theCell, model.layers[l], projected[t], state).state;
          const perturbed = t >= first ? tf.add(h, ds[l * lags + t - first]) as tf.Tensor2D : h;
          state = [perturbed, ...rest];
          hs.push(perturbed);
        }
        xs = tf.stack(hs) as tf.Tensor3D;
        top = state[0];
      }
      const outputs = tf.add(tf.matMul(top!, model.headW as tf.Tensor2D), model.headB);
      return tf.sum(lastLoss(outputs as tf.Tensor2D)) as tf.Scalar;
    };
    const grads = tf.grads(lossOf)(deltas);
    // Per-example norms (rows), averaged over the batch: one [layers·lags] read-back.
    return tf.stack(grads.map((g) => tf.mean(tf.norm(g, "euclidean", 1))));
  }));
  return Array.from({ length: layers }, (_, layer) => {
    // grads are ordered t = first..T−1; k = T−1−t counts back from the last position.
    const norms = Array.from({ length: lags }, (_, k) => values[layer * lags + (lags - 1 - k)]);
    return { layer, norms, decayPerStep: fitDecay(norms) };
  });
}
