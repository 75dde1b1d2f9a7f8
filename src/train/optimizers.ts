/**
 * Optimisers by name, from tfjs-core (Adam, RMSProp, SGD).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/** The optimisers an experiment can name. */
export const OPTIMIZERS = ["adam", "rmsprop", "sgd"] as const;
/** One of {@link OPTIMIZERS}. */
export type OptimizerName = typeof OPTIMIZERS[number];

/** Optimiser settings beyond the learning rate. */
export interface OptimizerOptions {
  /** Adam's ε (`training.adam.epsilon`): 1e-8 as PyTorch; tfjs's own default would be 1e-7. */
  adamEpsilon: number;
}

/**
 * A fresh optimiser. Adam: β₁ 0.9, β₂ 0.999 and the given ε (tfjs's update is PyTorch's:
 * m̂ / (√v̂ + ε)). RMSProp uses char-rnn's decay 0.95.
 *
 * @example
 * ```ts
 * import { createOptimizer } from "./optimizers.ts";
 * import { useBackend } from "../backend/mod.ts";
 * await useBackend("cpu");
 * const opt = createOptimizer("sgd", 0.1, { adamEpsilon: 1e-8 });
 * opt.dispose();
 * ```
 */
export function createOptimizer(
  name: OptimizerName,
  learningRate: number,
  options: OptimizerOptions,
): tf.Optimizer {
  switch (name) {
    case "adam":
      return tf.train.adam(learningRate, 0.9, 0.999, options.adamEpsilon);
    case "rmsprop":
      return tf.train.rmsprop(learningRate, 0.95);
    case "sgd":
      return tf.train.sgd(learningRate);
  }
}
