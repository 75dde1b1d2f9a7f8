/**
 * Gradient clipping: by global norm (Pascanu et al. 2013; `torch.nn.utils.clip_grad_norm_`) and
 * element-wise by value (char-rnn). Each call reads back one small tensor, returns new gradient
 * tensors and leaves its inputs to the caller to dispose.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { readScalar, readValues } from "../backend/read.ts";
import { InputError } from "../errors.ts";

/** Clipped gradients plus what the metrics record about the clipping. */
export interface ClipResult {
  /** New tensors, same keys and shapes as the input; the caller disposes them. */
  grads: Record<string, tf.Tensor>;
  /** Global L2 norm of the gradients before clipping. */
  norm: number;
  /** Global L2 norm after clipping. */
  clippedNorm: number;
  /** Whether clipping changed the gradients. */
  clipped: boolean;
}

function requirePositive(where: string, threshold: number): void {
  if (!(threshold > 0) || !Number.isFinite(threshold)) {
    throw new InputError(where, `must be a positive finite number, got ${threshold}`, "set e.g. 5");
  }
}

/** Σ of squares of every gradient, as one scalar tensor. */
function sumOfSquares(grads: tf.Tensor[]): tf.Scalar {
  return tf.addN(grads.map((g) => tf.sum(tf.square(g)))) as tf.Scalar;
}

/**
 * Scale all gradients by `maxNorm / (norm + 1e-6)` when that is below 1, as
 * `torch.nn.utils.clip_grad_norm_` does; `norm` is the global L2 norm over all of them. A
 * non-finite norm leaves the gradients unscaled (and is reported, for the divergence guard).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { useBackend } from "../backend/mod.ts";
 * await useBackend("cpu");
 * import * as tf from "@tensorflow/tfjs-core";
 * import { clipByGlobalNorm } from "./clip.ts";
 * const g = { w: tf.tensor1d([3, 4]) };
 * const r = await clipByGlobalNorm(g, 1);
 * assert(r.norm === 5 && r.clipped && Math.abs(r.clippedNorm - 1) < 1e-6);
 * tf.dispose([g.w, r.grads.w]);
 * ```
 */
export async function clipByGlobalNorm(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): Promise<ClipResult> {
  requirePositive("training.clip.threshold (norm)", maxNorm);
  const entries = Object.entries(grads);
  if (entries.length === 0) return { grads: {}, norm: 0, clippedNorm: 0, clipped: false };
  const norm = await readScalar(tf.tidy(() => tf.sqrt(sumOfSquares(entries.map(([, g]) => g)))));
  const scale = maxNorm / (norm + 1e-6);
  const clipped = scale < 1;
  const out: Record<string, tf.Tensor> = {};
  for (const [key, g] of entries) out[key] = clipped ? tf.mul(g, scale) : tf.clone(g);
  return { grads: out, norm, clippedNorm: clipped ? norm * scale : norm, clipped };
}

/**
 * Clamp every gradient element into `[−threshold, threshold]` (char-rnn's `grad_clip`). Reports
 * the global norm before and after; `clipped` is whether any element was beyond the threshold.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { useBackend } from "../backend/mod.ts";
 * await useBackend("cpu");
 * import * as tf from "@tensorflow/tfjs-core";
 * import { clipByValue } from "./clip.ts";
 * const g = { w: tf.tensor1d([-3, 0.5]) };
 * const r = await clipByValue(g, 1);
 * assert(r.clipped && r.grads.w.dataSync()[0] === -1);
 * tf.dispose([g.w, r.grads.w]);
 * ```
 */
export async function clipByValue(
  grads: Record<string, tf.Tensor>,
  threshold: number,
): Promise<ClipResult> {
  requirePositive("training.clip.threshold (value)", threshold);
  const entries = Object.entries(grads);
  if (entries.length === 0) return { grads: {}, norm: 0, clippedNorm: 0, clipped: false };
  const out: Record<string, tf.Tensor> = {};
  for (const [key, g] of entries) out[key] = tf.clipByValue(g, -threshold, threshold);
  // One read-back: [Σ squares before, Σ squares after, largest |element| before].
  const summary = tf.tidy(() => {
    const gs = entries.map(([, g]) => g);
    const maxAbs = tf.max(tf.stack(gs.map((g) => tf.max(tf.abs(g)))));
    return tf.stack([sumOfSquares(gs), sumOfSquares(Object.values(out)), maxAbs]);
  });
  const [before, after, largest] = await readValues(summary);
  return {
    grads: out,
    norm: Math.sqrt(before),
    clippedNorm: Math.sqrt(after),
    clipped: largest > threshold,
  };
}
