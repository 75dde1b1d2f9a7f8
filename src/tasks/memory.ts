/**
 * Tasks `adding` and `copy`: synthetic long-memory problems (`synthetic/`). Every training step
 * draws a fresh batch from the seeded stream; validation and test sets are fixed, drawn from seeds
 * that depend only on the problem and the lag, so every cell and run at one lag sees the same
 * sets. The head reads the last hidden state; each sequence starts from a zero state.
 *
 * Solved: adding test MSE < 0.01 (predicting the mean scores ≈ 0.167); copy test accuracy ≥ 99%.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../backend/read.ts";
import type { RecurrentModel } from "../models/model.ts";
import { mulberry32 } from "../_random.ts";
import { DynamicsRecorder } from "../metrics/dynamics.ts";
import {
  ADDING_CHANNELS,
  ADDING_MEAN_MSE,
  addingBatch,
  type AddingMarkers,
  SEQUENCE_CHANNELS,
  SEQUENCE_CLASSES,
  sequenceBatch,
  type SequenceVariant,
} from "./synthetic/mod.ts";
import type { EvalMetrics, Task } from "./task.ts";

/** Adding: solved below this test MSE. */
export const ADDING_SOLVED_MSE = 0.01;
/** Copy: solved at or above this test accuracy. */
export const COPY_SOLVED_ACCURACY = 0.99;

/** One synthetic problem: its shape, its generator and its success rule. */
export interface MemoryProblem {
  task: "adding" | "copy";
  variant: string;
  lag: number;
  /** Input channels per step. */
  channels: number;
  /** Head outputs: 1 (regression) or the number of classes. */
  outputs: number;
  /** The metric the success rule reads: test MSE (lower is better) or accuracy (higher). */
  metric: "mse" | "accuracy";
  /** Score of the trivial predictor (mean target, or chance). */
  baseline: number;
  /** Draw `batch` sequences: time-major inputs `[T, B, channels]` and targets `[B]`. */
  draw(batch: number, random: () => number): { inputs: Float32Array; targets: Float32Array };
}

/** The adding problem at `lag`. */
export function addingProblem(lag: number, markers: AddingMarkers = "halves"): MemoryProblem {
  return {
    task: "adding",
    variant: markers,
    lag,
    channels: ADDING_CHANNELS,
    outputs: 1,
    metric: "mse",
    baseline: ADDING_MEAN_MSE,
    draw: (batch, random) => addingBatch(lag, batch, random, markers),
  };
}

/** A classification problem (temporal order or recall) at `lag`. */
export function copyProblem(lag: number, variant: SequenceVariant = "temporal-order") {
  const problem: MemoryProblem = {
    task: "copy",
    variant,
    lag,
    channels: SEQUENCE_CHANNELS,
    outputs: SEQUENCE_CLASSES,
    metric: "accuracy",
    baseline: 1 / SEQUENCE_CLASSES,
    draw: (batch, random) => {
      const { inputs, labels } = sequenceBatch(variant, lag, batch, random);
      return { inputs, targets: Float32Array.from(labels) };
    },
  };
  return problem;
}

/** Whether `value` of `problem`'s metric counts as solved. */
export function isSolved(problem: Pick<MemoryProblem, "metric">, value: number | null): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  return problem.metric === "mse" ? value < ADDING_SOLVED_MSE : value >= COPY_SOLVED_ACCURACY;
}

/** A run's entry in the experiment-level `tasks` table of `summary.json`. */
export interface MemoryEntry {
  task: "adding" | "copy";
  variant: string;
  lag: number;
  cell: string;
  solved: boolean;
  /** Test MSE (adding) or test accuracy (copy); null when not finite. */
  metric: number | null;
  metricName: "mse" | "accuracy";
  baseline: number;
  /** First eval step whose validation metric met the success rule; null if none did. */
  stepsToSolve: number | null;
}

/**
 * The experiment-level `tasks` table of `summary.json`: every run's `memory` entry (omitted when
 * no run has one).
 */
export function memorySummary(
  runs: readonly { memory?: MemoryEntry }[],
): { tasks?: MemoryEntry[] } {
  const tasks = runs.flatMap((r) => (r.memory ? [r.memory] : []));
  return tasks.length ? { tasks } : {};
}

/** Everything a memory task is built from. */
export interface MemoryTaskOptions {
  model: RecurrentModel;
  problem: MemoryProblem;
  batch: number;
  seed: number;
  /** Sequences in each of the fixed validation and test sets. */
  evalSize: number;
  /** Gradient-flow probe's K (default lag − 1). */
  probeLag?: number;
}

interface Chunk {
  inputs: Float32Array;
  targets: Float32Array;
  size: number;
}

/** Draw a fixed set of `size` sequences in chunks of at most `chunk`. */
function fixedSet(problem: MemoryProblem, size: number, chunk: number, seed: number): Chunk[] {
  const random = mulberry32(seed);
  const out: Chunk[] = [];
  for (let done = 0; done < size; done += chunk) {
    const n = Math.min(chunk, size - done);
    out.push({ ...problem.draw(n, random), size: n });
  }
  return out;
}

/** A seed for a fixed set that depends only on the problem, the lag and the set's role. */
function setSeed(problem: MemoryProblem, role: number): number {
  const name = `${problem.task}/${problem.variant}`;
  let hash = 2166136261;
  for (const ch of name) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619);
  return (hash ^ Math.imul(problem.lag, 0x9e3779b1) ^ role) >>> 0;
}

/** A synthetic long-memory problem behind the {@link Task} seam. */
export class MemoryTask implements Task {
  readonly variables: Map<string, tf.Variable>;
  readonly itemsPerStep: number;
  private readonly random: () => number;
  private readonly val: Chunk[];
  private readonly test: Chunk[];
  private readonly dynamics: DynamicsRecorder;
  private lastValMetric: number | null = null;
  private stepsToSolve: number | null = null;

  constructor(readonly options: MemoryTaskOptions) {
    const { model, problem, batch, seed, evalSize } = options;
    this.variables = model.variables;
    this.itemsPerStep = batch * problem.lag;
    this.random = mulberry32(seed * 2654435761 + problem.lag);
    // Eval chunks of at most 256 sequences bound the memory of one forward pass.
    const chunk = Math.max(batch, 256);
    this.val = fixedSet(problem, evalSize, chunk, setSeed(problem, 1));
    this.test = fixedSet(problem, evalSize, chunk, setSeed(problem, 2));
    this.dynamics = new DynamicsRecorder(model, options.probeLag);
  }

  trainLoss(): tf.Scalar {
    const { problem, batch } = this.options;
    const { inputs, targets } = problem.draw(batch, this.random);
    return this.lossOf({ inputs, targets, size: batch }, true).loss;
  }

  afterStep(): void {}

  async evaluate(): Promise<EvalMetrics> {
    const { loss, metric } = await this.score(this.val);
    this.lastValMetric = metric;
    const name = this.options.problem.metric === "mse" ? "valMse" : "valAccuracy";
    return { valLoss: loss, [name]: metric };
  }

  /** Notes when the task is first solved on validation; probes gradient flow and gates. */
  async onEval(
    step: number,
    groupNorms?: Record<string, number>,
  ): Promise<Record<string, unknown>> {
    if (this.stepsToSolve === null && isSolved(this.options.problem, this.lastValMetric)) {
      this.stepsToSolve = step;
    }
    const { problem, batch } = this.options;
    const probe = this.val[0];
    const size = Math.min(batch, probe.size);
    const all = this.inputTensor(probe);
    const inputs = all.slice([0, 0, 0], [problem.lag, size, -1]);
    const targets = tf.tensor1d(probe.targets.subarray(0, size));
    try {
      const lastLoss = (outputs: tf.Tensor2D) => this.perExampleLoss(outputs, targets);
      return await this.dynamics.record(step, inputs, lastLoss, groupNorms);
    } finally {
      tf.dispose([all, inputs, targets]);
    }
  }

  /** Test-set score, the `memory` entry (aggregated into `tasks`) and the dynamics. */
  async summaryExtras(): Promise<Record<string, unknown>> {
    const { problem, model } = this.options;
    const { metric } = await this.score(this.test);
    const finite = Number.isFinite(metric) ? metric : null;
    const memory: MemoryEntry = {
      task: problem.task,
      variant: problem.variant,
      lag: problem.lag,
      cell: model.spec.cell,
      solved: isSolved(problem, finite),
      metric: finite,
      metricName: problem.metric,
      baseline: problem.baseline,
      stepsToSolve: this.stepsToSolve,
    };
    return { memory, ...this.dynamics.summary() };
  }

  dispose(): void {}

  private inputTensor(chunk: Chunk): tf.Tensor3D {
    const { problem } = this.options;
    return tf.tensor3d(chunk.inputs, [problem.lag, chunk.size, problem.channels]);
  }

  /** Per-example loss `[B]` from the head's outputs at the last step: squared error or CE. */
  private perExampleLoss(outputs: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
    if (this.options.problem.metric === "mse") {
      return tf.square(tf.sub(tf.reshape(outputs, [-1]), targets)) as tf.Tensor1D;
    }
    const oneHot = tf.oneHot(tf.cast(targets, "int32"), this.options.problem.outputs);
    return tf.neg(tf.sum(tf.mul(tf.logSoftmax(outputs), oneHot), 1)) as tf.Tensor1D;
  }

  /** Mean loss over a chunk, and the head's outputs at the last step. */
  private lossOf(
    chunk: Chunk,
    training: boolean,
  ): { loss: tf.Scalar; last: tf.Tensor2D; targets: tf.Tensor1D } {
    const { model, problem } = this.options;
    const inputs = this.inputTensor(chunk);
    const out = model.forward(inputs, model.zeroState(chunk.size), training);
    const last = out.outputs.slice([(problem.lag - 1) * chunk.size, 0], [chunk.size, -1]);
    const targets = tf.tensor1d(chunk.targets);
    const loss = tf.mean(this.perExampleLoss(last, targets)) as tf.Scalar;
    return { loss, last, targets };
  }

  /** Mean loss and metric (MSE or accuracy) over a fixed set, without gradients. */
  private async score(set: Chunk[]): Promise<{ loss: number; metric: number }> {
    let lossSum = 0;
    let metricSum = 0;
    let count = 0;
    for (const chunk of set) {
      const [loss, metric] = await readValues(tf.tidy(() => {
        const { loss, last, targets } = this.lossOf(chunk, false);
        const metric = this.options.problem.metric === "mse"
          ? loss
          : tf.mean(tf.cast(tf.equal(tf.argMax(last, 1), tf.cast(targets, "int32")), "float32"));
        return tf.stack([loss, metric]);
      }));
      lossSum += loss * chunk.size;
      metricSum += metric * chunk.size;
      count += chunk.size;
    }
    return { loss: lossSum / count, metric: metricSum / count };
  }
}
