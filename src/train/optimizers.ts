/**
 * Optimisers by name, from tfjs-core (Adam, RMSProp, SGD).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

/** The optimisers an experiment can name. */
export const OPTIMIZERS = ["adam", "rmsprop", "sgd"] as const;
/** One of {@link OPTIMIZERS}. */
export type OptimizerName = typeof OPTIMIZERS[number];

/**
 * A fresh optimiser. RMSProp uses char-rnn's decay 0.95.
 *
 * @example
 * ```ts
 * import { createOptimizer } from "./optimizers.ts";
 * import { useBackend } from "../backend/mod.ts";
 * await useBackend("cpu");
 * const opt = createOptimizer("sgd", 0.1);
 * opt.dispose();
 * ```
 */
export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case "adam":
      return tf.train.adam(learningRate);
    case "rmsprop":
      return tf.train.rmsprop(learningRate, 0.95);
    case "sgd":
      return tf.train.sgd(learningRate);
  }
}
