/**
 * The throughput workload shared by `deno task speed` and `bench/`: the peer's shapes
 * (embedding → cell layers → linear head, softmax cross-entropy, Adam 2e-3, clip 5) on fixed
 * synthetic tokens, driven through the real {@link trainStep}.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { readScalar } from "../backend/read.ts";
import type { CellKind } from "../models/cell.ts";
import { RecurrentModel } from "../models/model.ts";
import type { Implementation } from "../models/sequences.ts";
import { mulberry32 } from "../_random.ts";
import type { EvalMetrics, Task } from "../tasks/task.ts";
import { trainStep } from "../train/step.ts";

/** Shapes and choices of a throughput run. */
export interface SpeedSpec {
  cell: CellKind;
  hidden: number;
  batch: number;
  seq: number;
  layers: number;
  vocab: number;
  embedding: number;
  implementation: Implementation;
  seed?: number;
}

let runs = 0;

/** A model and one fixed synthetic batch, ready to train or run forward. */
export class SpeedRun {
  readonly model: RecurrentModel;
  readonly optimizer: tf.Optimizer;
  readonly #inputs: tf.Tensor2D;
  readonly #targets: tf.Tensor1D;
  readonly #task: Task;

  constructor(readonly spec: SpeedSpec) {
    const seed = spec.seed ?? 1;
    this.model = new RecurrentModel({
      cell: spec.cell,
      hidden: spec.hidden,
      layers: spec.layers,
      inputSize: spec.embedding,
      vocabSize: spec.vocab,
      outputSize: spec.vocab,
      dropout: 0,
      seed,
      implementation: spec.implementation,
      name: `speed${++runs}`,
    });
    const random = mulberry32(seed);
    const ids = (n: number) =>
      Int32Array.from({ length: n }, () => Math.floor(random() * spec.vocab));
    const n = spec.seq * spec.batch;
    this.#inputs = tf.tensor2d(ids(n), [spec.seq, spec.batch], "int32");
    this.#targets = tf.tensor1d(ids(n), "int32");
    this.optimizer = tf.train.adam(2e-3);
    const model = this.model, inputs = this.#inputs, targets = this.#targets;
    this.#task = {
      variables: model.variables,
      itemsPerStep: n,
      // Like the peer: every batch starts from a zero state.
      trainLoss: () => lossOf(model, inputs, targets, true),
      afterStep: () => {},
      evaluate: async (): Promise<EvalMetrics> => ({ valLoss: await this.forwardLoss() }),
      dispose: () => {},
    };
  }

  /** Characters per step. */
  get chars(): number {
    return this.spec.seq * this.spec.batch;
  }

  /** One real training step (forward, backward, clip by norm 5, Adam); returns the loss. */
  async trainStep(): Promise<number> {
    return (await trainStep(this.#task, this.optimizer, { mode: "norm", threshold: 5 })).loss;
  }

  /** Forward pass and loss only, read back. */
  forwardLoss(): Promise<number> {
    return readScalar(tf.tidy(() => lossOf(this.model, this.#inputs, this.#targets, false)));
  }

  /** Release the model, the optimiser's slots and the batch. */
  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    tf.dispose([this.#inputs, this.#targets]);
  }
}

function lossOf(
  model: RecurrentModel,
  inputs: tf.Tensor2D,
  targets: tf.Tensor1D,
  training: boolean,
): tf.Scalar {
  const state = model.zeroState(inputs.shape[1]);
  return model.crossEntropy(inputs, state, targets, training).loss;
}

/** Peak resident set size of this process in MiB (`VmHWM`), or NaN where /proc is missing. */
export function peakRssMiB(): number {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const match = status.match(/^VmHWM:\s+(\d+)\s+kB/m);
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
