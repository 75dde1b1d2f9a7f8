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

/** The checkpoint the loop scores (see {@link Task.evaluateScored}): which one, and its step. */
export interface ScoredAt {
  checkpoint: "best" | "last";
  step: number;
}

/** A task's own resumable state (see {@link Task.saveState}): JSON plus named tensors. */
export interface TaskState {
  json: Record<string, unknown>;
  tensors: Record<string, tf.Tensor>;
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
  evaluate(): EvalMetrics | Promise<EvalMetrics>;
  /**
   * Optional: the metrics the run is scored by, of the current weights (the loop loads the scored
   * checkpoint first, see `evaluation.checkpoint`, and says which it is in `at`), e.g. whole-split
   * val and test for charlm. A task that reports more about those weights (forecast: test-split
   * scores) keeps it for {@link Task.summaryExtras}.
   */
  evaluateScored?(at: ScoredAt): EvalMetrics | Promise<EvalMetrics>;
  /**
   * Optional diagnostics at each eval step, after {@link Task.evaluate} (e.g. a gradient-flow
   * probe, gate saturation). The result is attached to the step's eval event; a task that wants
   * it in the summary keeps it and returns it from {@link Task.summaryExtras}. `groupNorms`: the
   * step's per-variable gradient norms (before clipping), as in the eval event.
   */
  onEval?(
    step: number,
    groupNorms?: Record<string, number>,
  ): Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;
  /** Optional sample at sample intervals (charlm). */
  sample?(): Sample | Promise<Sample>;
  /** Optional task-specific fields merged into the run's summary entry (e.g. forecast metrics). */
  summaryExtras?(): Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * Optional files the task keeps in its run folder when the run ends (name → text), for what the
   * experiment's summary computes across runs (forecast: per-window forecasts for ensembles).
   * Called after {@link Task.summaryExtras}.
   */
  runFiles?(): Record<string, string> | Promise<Record<string, string>>;
  /**
   * Optional, for checkpoints: what else training depends on (data position, carried hidden state,
   * RNG counters, vocabulary, recorded diagnostics), so a resumed run continues exactly. The
   * tensors stay owned by the task; the caller only reads them.
   */
  saveState?(): TaskState;
  /**
   * Optional, for resume: continue from a {@link Task.saveState} result (the tensors become the
   * task's). Throws InputError when the state does not fit, e.g. a different vocabulary.
   */
  loadState?(state: TaskState): void;
  /** Release every tensor the task holds. */
  dispose(): void;
}
