/**
 * The recurrent model, read top to bottom: embedding (or raw inputs) → stacked cells → linear head.
 * Used by every task: charlm feeds token ids, forecast feeds real-valued vectors.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { CellKind, CellState, CellWeights } from "./cell.ts";
import {
  type CellInit,
  cellParamCount,
  countParams,
  DEFAULT_INIT,
  initCellWeights,
} from "./init.ts";
import { cellOf } from "./cells/mod.ts";
import { mulberry32, normalArray, uniformArray } from "../_random.ts";
import type { EmbeddingInit } from "../config/common.ts";
import { embed } from "./embedding.ts";
import { headCrossEntropy } from "./head_loss.ts";
import { type Implementation, SEQUENCE_IMPLEMENTATIONS } from "./sequences.ts";

/** Sizes and choices that define a model. */
export interface ModelSpec {
  cell: CellKind;
  hidden: number;
  layers: number;
  /** Input width: the embedding size when `vocabSize` is set, else the raw input features. */
  inputSize: number;
  /** Token vocabulary (charlm); omit for real-valued inputs (forecast). */
  vocabSize?: number;
  /** Head output width (vocabulary for charlm, horizon for forecast). */
  outputSize: number;
  dropout: number;
  seed: number;
  /** Init scheme and forget-gate bias (`model.init.scheme`, `model.forgetBias`); default PyTorch's. */
  init?: CellInit;
  implementation: Implementation;
  /** Prefix for tfjs variable names, unique among live models (tfjs names are global). */
  name: string;
}

/** What one forward pass returns. */
export interface ForwardOutput {
  /** Head outputs for every step, time-major rows `[T·B, outputSize]`. */
  outputs: tf.Tensor2D;
  /** Top layer's hidden states `[T, B, H]`. */
  hidden: tf.Tensor3D;
  /** Each layer's final state. */
  state: CellState[];
}

/**
 * The embedding's initial values (`model.init.embedding`): `normal` draws N(0, 1) as PyTorch's
 * `nn.Embedding`; `irwin-hall` a sum of four uniforms minus 2 (mean 0, sd 0.577), rnnlab's init
 * before the key existed.
 */
function embeddingValues(random: () => number, n: number, init: EmbeddingInit): Float32Array {
  if (init === "normal") return normalArray(random, n);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = random() + random() + random() + random() - 2;
  return values;
}

/** Embedding → cells → head, with all trainable variables in {@link RecurrentModel.variables}. */
export class RecurrentModel {
  readonly spec: ModelSpec;
  readonly embedding?: tf.Variable;
  readonly layers: CellWeights[];
  readonly headW: tf.Variable;
  readonly headB: tf.Variable;
  readonly variables: Map<string, tf.Variable> = new Map();
  /** Dropout masks drawn so far; each mask's seed derives from it (saved in checkpoints). */
  dropoutCalls = 0;

  constructor(spec: ModelSpec) {
    this.spec = spec;
    const random = mulberry32(spec.seed ^ 0x9e3779b9);
    const variable = (name: string, shape: number[], values: Float32Array) => {
      const v = tf.tidy(() => tf.variable(tf.tensor(values, shape), true, `${spec.name}/${name}`));
      this.variables.set(name, v);
      return v;
    };
    if (spec.vocabSize !== undefined) {
      const n = spec.vocabSize * spec.inputSize;
      const values = embeddingValues(random, n, spec.init?.embedding ?? "normal");
      this.embedding = variable("embedding", [spec.vocabSize, spec.inputSize], values);
    }
    this.layers = [];
    for (let l = 0; l < spec.layers; l++) {
      const inputSize = l === 0 ? spec.inputSize : spec.hidden;
      const weights = initCellWeights(
        spec.cell,
        inputSize,
        spec.hidden,
        spec.seed * 1000 + l,
        `${spec.name}/layer${l}`,
        spec.init ?? DEFAULT_INIT,
      );
      for (const [key, v] of Object.entries(weights)) this.variables.set(`layer${l}/${key}`, v);
      this.layers.push(weights);
    }
    const bound = 1 / Math.sqrt(spec.hidden);
    this.headW = variable(
      "head/w",
      [spec.hidden, spec.outputSize],
      uniformArray(random, spec.hidden * spec.outputSize, -bound, bound),
    );
    this.headB = variable(
      "head/b",
      [spec.outputSize],
      uniformArray(random, spec.outputSize, -bound, bound),
    );
  }

  /** All parameters. */
  get paramCount(): number {
    return countParams(Object.fromEntries(this.variables));
  }

  /** Parameters of the recurrent layers only (input and recurrent weights, both biases). */
  get recurrentParamCount(): number {
    let n = 0;
    for (let l = 0; l < this.spec.layers; l++) {
      n += cellParamCount(
        this.spec.cell,
        l === 0 ? this.spec.inputSize : this.spec.hidden,
        this.spec.hidden,
      );
    }
    return n;
  }

  /** Zero state for a batch of `batch` sequences. */
  zeroState(batch: number): CellState[] {
    const parts = cellOf(this.spec.cell).state;
    return this.layers.map(() =>
      parts.map(() => tf.zeros([batch, this.spec.hidden]) as tf.Tensor2D)
    );
  }

  /**
   * Run `T` steps for `B` sequences. `inputs` is time-major: token ids `[T, B]` (int32) when the
   * model has an embedding, else features `[T, B, inputSize]`.
   */
  forward(inputs: tf.Tensor, state: CellState[], training: boolean): ForwardOutput {
    const { top, hidden, state: finalStates } = this.body(inputs, state, training);
    const outputs = tf.add(tf.matMul(top, this.headW as tf.Tensor2D), this.headB) as tf.Tensor2D;
    return { outputs, hidden, state: finalStates };
  }

  /**
   * Mean softmax cross-entropy of the head's outputs against token ids `targets` `[T·B]`
   * (time-major, as `forward`'s rows), and each layer's final state. With the fused
   * implementation the head and the loss are one kernel each way (`head_loss.ts`).
   */
  crossEntropy(
    inputs: tf.Tensor,
    state: CellState[],
    targets: tf.Tensor1D,
    training: boolean,
  ): { loss: tf.Scalar; state: CellState[] } {
    const { top, state: finalStates } = this.body(inputs, state, training);
    const fused = this.spec.implementation === "fused";
    const loss = headCrossEntropy(
      top,
      this.headW as tf.Tensor2D,
      this.headB as tf.Tensor1D,
      targets,
      fused,
    );
    return { loss, state: finalStates };
  }

  /** Embedding → cells → dropout: the head's input rows `[T·B, H]`, top states, final states. */
  private body(inputs: tf.Tensor, state: CellState[], training: boolean) {
    const sequence = SEQUENCE_IMPLEMENTATIONS[this.spec.implementation];
    const [T, B] = inputs.shape;
    let xs: tf.Tensor3D = this.embedding
      ? tf.reshape(embed(this.embedding, tf.reshape(inputs, [T * B]) as tf.Tensor1D), [
        T,
        B,
        this.spec.inputSize,
      ])
      : inputs as tf.Tensor3D;
    const finalStates: CellState[] = [];
    for (let l = 0; l < this.layers.length; l++) {
      if (l > 0) xs = this.dropout(xs, training);
      const out = sequence(this.spec.cell, this.layers[l], xs, state[l]);
      xs = out.hs;
      finalStates.push(out.state);
    }
    const top = tf.reshape(this.dropout(xs, training), [T * B, this.spec.hidden]) as tf.Tensor2D;
    return { top, hidden: xs, state: finalStates };
  }

  private dropout<T extends tf.Tensor>(x: T, training: boolean): T {
    if (!training || this.spec.dropout <= 0) return x;
    this.dropoutCalls++;
    return tf.dropout(
      x,
      this.spec.dropout,
      undefined,
      this.spec.seed * 7919 + this.dropoutCalls,
    ) as T;
  }

  /** Dispose every variable. */
  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
  }
}
