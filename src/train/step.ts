/**
 * One training step, the same for every task: loss and gradients, clipping, optimiser update.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../backend/read.ts";
import type { Task } from "../tasks/task.ts";
import { clipByGlobalNorm, clipByValue } from "./clip.ts";

/** How gradients are clipped: by global norm (Pascanu et al. 2013), by value (char-rnn), or not. */
export interface ClipSpec {
  mode: "norm" | "value" | "none";
  threshold: number;
}

/** What one step measured. */
export interface StepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Global gradient norm after clipping. */
  clippedNorm: number;
  clipped: boolean;
  /** Per-variable gradient norms before clipping, when asked for. */
  groupNorms?: Record<string, number>;
}

/**
 * Forward, backward, clip and update once. Reads back only the loss and the norms.
 * With `groupNorms`, also returns each variable's gradient norm (one more read-back).
 */
export async function trainStep(
  task: Task,
  optimizer: tf.Optimizer,
  clip: ClipSpec,
  options: { groupNorms?: boolean } = {},
): Promise<StepResult> {
  const names = [...task.variables.keys()];
  const varList = names.map((n) => task.variables.get(n)!);
  const { value, grads } = tf.variableGrads(() => task.trainLoss(), varList);
  // variableGrads keys gradients by tfjs variable name; re-key them by the task's names.
  const byName: Record<string, tf.Tensor> = {};
  names.forEach((n, i) => (byName[n] = grads[varList[i].name]));
  let groupNorms: Record<string, number> | undefined;
  if (options.groupNorms) {
    const norms = await readValues(tf.tidy(() => tf.stack(names.map((n) => tf.norm(byName[n])))));
    groupNorms = Object.fromEntries(names.map((n, i) => [n, norms[i]]));
  }
  let result: {
    grads: Record<string, tf.Tensor>;
    norm: number;
    clippedNorm: number;
    clipped: boolean;
  };
  if (clip.mode === "norm") result = await clipByGlobalNorm(byName, clip.threshold);
  else if (clip.mode === "value") result = await clipByValue(byName, clip.threshold);
  else {
    const squares = tf.tidy(() => tf.addN(names.map((n) => tf.sum(tf.square(byName[n])))));
    const norm = Math.sqrt((await readValues(squares))[0]);
    result = { grads: byName, norm, clippedNorm: norm, clipped: false };
  }
  const loss = (await value.data())[0];
  if (Number.isFinite(loss) && Number.isFinite(result.norm)) {
    const named: Record<string, tf.Tensor> = {};
    names.forEach((n, i) => (named[varList[i].name] = result.grads[n]));
    optimizer.applyGradients(named);
  }
  value.dispose();
  tf.dispose(Object.values(byName));
  if (result.grads !== byName) tf.dispose(Object.values(result.grads));
  task.afterStep();
  return {
    loss,
    gradNorm: result.norm,
    clippedNorm: result.clippedNorm,
    clipped: result.clipped,
    groupNorms,
  };
}
