/**
 * The Task seam: charlm, forecast, adding, copy … each supplies batches, a model, a loss and its
 * evaluation metrics. The trainer only calls these methods, so it never knows which task it runs.
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";

/** Numbers measured by an evaluation (e.g. `{valLoss, valBpc, valPpl}` for charlm). */
export type EvalMetrics = Record<string, number>;

/** A generated sample with a measurable quality proxy. */
export interface Sample {
  text: string;
  /** Task-defined quality in 0..1 (charlm: share of generated words seen in the training text). */
  quality: number;
}

/** What the trainer needs from a task. */
export interface Task {
  /** Trainable variables by name (`embedding`, `layer0/wx`, …, `head/w`, `head/b`). */
  readonly variables: Map<string, tf.Variable>;
  /** Characters (or time steps × series) consumed per training step, for throughput. */
  readonly itemsPerStep: number;
  /**
   * Loss of the next training batch. Called inside `tf.variableGrads`; any state to carry to the
   * next batch must be `tf.keep`-ed here and swapped in by {@link Task.afterStep}.
   */
  trainLoss(): tf.Scalar;
  /** Called after the optimiser has applied the step: swap carried state, dispose the old. */
  afterStep(): void;
  /** Validation metrics; must include `valLoss`. Runs without gradients. */
  evaluate(): EvalMetrics;
  /** Optional sample at sample intervals (charlm). */
  sample?(): Sample;
  /** Optional task-specific fields merged into the run's summary entry (e.g. forecast metrics). */
  summaryExtras?(): Record<string, unknown>;
  /** Release every tensor the task holds. */
  dispose(): void;
}
