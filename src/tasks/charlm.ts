/**
 * Task `charlm`: character-level language modelling with truncated BPTT, the hidden state carried
 * across consecutive batches as char-rnn does. Loss in nats/char; evaluation adds bits/char and
 * perplexity; samples come with the share of their words found in the training text.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { generateText } from "./generate.ts";
import { readScalar } from "../backend/read.ts";
import type { CellState } from "../models/cell.ts";
import type { RecurrentModel } from "../models/model.ts";
import { mulberry32 } from "../_random.ts";
import { type Batch, BatchStream, evalBatches, minimumChars } from "../data/batches.ts";
import { Vocab } from "../data/vocab.ts";
import { bitsPerChar, perplexity } from "../metrics/language.ts";
import { DynamicsRecorder } from "../metrics/dynamics.ts";
import { InputError } from "../errors.ts";
import type { EvalMetrics, Sample, Task, TaskState } from "./task.ts";

/** Most losses summed by one AddN (see `meanLoss`). */
const ADD_N_LIMIT = 256;

/** Sampling settings. */
export interface SamplingSpec {
  length: number;
  temperature: number;
  prime: string;
}

/** What a charlm run's numbers depend on beyond its model and optimiser (`summary.json`). */
export interface CharLmProtocol {
  /** `corpus.unknown`: what characters unseen in training become. */
  unknownChars: "own-id" | "first-symbol";
  /** `state.resetOnWrap`: the carried state is zeroed when the training stream wraps. */
  resetOnWrap: boolean;
  /** Batches of each periodic eval, and of the whole validation split. */
  evalBatches: { periodic: number; val: number };
  /** Batches of the whole test split (0: no test split). */
  testBatches: number;
  /**
   * `evaluation.batches` > 0: the batches the scored evaluation covered, the first ones of each
   * split; absent: the whole splits.
   */
  scoredBatches?: { val: number; test: number };
}

/** Everything a charlm task is built from. */
export interface CharLmOptions {
  model: RecurrentModel;
  vocab: Vocab;
  trainIds: Int32Array;
  valIds: Int32Array;
  /** Test split ids; empty (or shorter than one batch) when the split has no test part. */
  testIds: Int32Array;
  batch: number;
  seqLen: number;
  /** Validation batches of each periodic eval (the first ones); 0 = the whole split. */
  evalBatches: number;
  /** Batches of each split the scored evaluation covers (the first ones); 0 = the whole splits. */
  scoredBatches?: number;
  /** Zero the carried state when the training stream wraps to its start (`state.resetOnWrap`). */
  resetOnWrap: boolean;
  sampling: SamplingSpec;
  seed: number;
  /** Lower-cased words of the training text (sample quality proxy); empty skips it. */
  trainWords: Set<string>;
  corpusId: string;
  /** Gradient-flow probe's K (default seqLen − 1). */
  probeLag?: number;
}

/** Character-level language modelling on one corpus. */
export class CharLmTask implements Task {
  readonly variables: Map<string, tf.Variable>;
  readonly itemsPerStep: number;
  readonly stream: BatchStream;
  private readonly valBatches: Batch[];
  private readonly wholeVal: Batch[];
  private readonly wholeTest: Batch[];
  /** What the scored evaluation covers: the whole splits, or their first `scoredBatches`. */
  private readonly scoredVal: Batch[];
  private readonly scoredTest: Batch[];
  private state: CellState[];
  private pending: CellState[] | null = null;
  private samples = 0;
  private readonly dynamics: DynamicsRecorder;

  constructor(readonly options: CharLmOptions) {
    const { model, batch, seqLen, corpusId } = options;
    this.variables = model.variables;
    this.itemsPerStep = batch * seqLen;
    this.stream = new BatchStream(options.trainIds, batch, seqLen, {
      corpus: corpusId,
      split: "train",
    });
    const whole = (ids: Int32Array, split: string) =>
      evalBatches(ids, batch, seqLen, Infinity, { corpus: corpusId, split });
    this.wholeVal = whole(options.valIds, "val");
    this.valBatches = options.evalBatches > 0
      ? this.wholeVal.slice(0, options.evalBatches)
      : this.wholeVal;
    this.wholeTest = options.testIds.length >= minimumChars(batch, seqLen)
      ? whole(options.testIds, "test")
      : [];
    const scored = options.scoredBatches ?? 0;
    this.scoredVal = scored > 0 ? this.wholeVal.slice(0, scored) : this.wholeVal;
    this.scoredTest = scored > 0 ? this.wholeTest.slice(0, scored) : this.wholeTest;
    this.state = model.zeroState(batch);
    this.dynamics = new DynamicsRecorder(model, options.probeLag);
  }

  trainLoss(): tf.Scalar {
    const batch = this.stream.next();
    if (batch.wrapped && this.options.resetOnWrap) this.resetState();
    const { loss, state } = this.batchLoss(batch, this.state, true);
    this.pending = state.map((layer) => layer.map((t) => tf.keep(t)));
    return loss;
  }

  afterStep(): void {
    if (!this.pending) return;
    tf.dispose(this.state.flat());
    this.state = this.pending;
    this.pending = null;
  }

  /** Periodic validation: the first `evalBatches` batches of the split (all with 0). */
  async evaluate(): Promise<EvalMetrics> {
    return languageMetrics("val", await this.meanLoss(this.valBatches));
  }

  /**
   * The scored checkpoint's numbers: the whole validation and test splits (or their first
   * `scoredBatches` batches), each from a zero state carried across its consecutive batches
   * (`testLoss` and the rest are absent without a test split).
   */
  async evaluateScored(): Promise<EvalMetrics> {
    const val = languageMetrics("val", await this.meanLoss(this.scoredVal));
    if (this.scoredTest.length === 0) return val;
    return { ...val, ...languageMetrics("test", await this.meanLoss(this.scoredTest)) };
  }

  /** Mean loss over consecutive `batches`, the state starting at zero and carried across them. */
  private async meanLoss(batches: Batch[]): Promise<number> {
    let state = this.options.model.zeroState(this.options.batch);
    let losses: tf.Scalar[] = [];
    for (const batch of batches) {
      const out = tf.tidy(() => {
        const { loss, state: next } = this.batchLoss(batch, state, false);
        return { loss: tf.keep(loss), next: next.map((l) => l.map((t) => tf.keep(t))) };
      });
      tf.dispose(state.flat());
      state = out.next;
      losses.push(out.loss);
      // Fold the sum as it grows: one AddN over tens of thousands of inputs (a whole split of a
      // large corpus) overruns the wasm backend's memory.
      if (losses.length === ADD_N_LIMIT) {
        const partial = tf.addN(losses) as tf.Scalar;
        tf.dispose(losses);
        losses = [partial];
      }
    }
    tf.dispose(state.flat());
    // One read-back for all batches.
    const total = losses.length ? await readScalar(tf.addN(losses)) : 0;
    tf.dispose(losses);
    return total / Math.max(1, batches.length);
  }

  /** Gradient-flow probe and gate statistics on the first val batch (see `metrics/dynamics.ts`). */
  async onEval(
    step: number,
    groupNorms?: Record<string, number>,
  ): Promise<Record<string, unknown>> {
    const { batch: B, seqLen: T } = this.options;
    const probe = this.valBatches[0];
    const inputs = tf.tensor2d(timeMajor(probe.inputs, B, T), [T, B], "int32");
    const last = Int32Array.from({ length: B }, (_, b) => probe.targets[b * T + T - 1]);
    const targets = tf.tidy(() =>
      tf.oneHot(tf.tensor1d(last, "int32"), this.options.model.spec.outputSize)
    );
    try {
      // Cross-entropy of each example at the last position only: L_T.
      const lastLoss = (outputs: tf.Tensor2D) =>
        tf.neg(tf.sum(tf.mul(tf.logSoftmax(outputs), targets), 1)) as tf.Tensor1D;
      return await this.dynamics.record(step, inputs, lastLoss, groupNorms);
    } finally {
      tf.dispose([inputs, targets]);
    }
  }

  /**
   * The corpus, the text protocol the numbers depend on (see {@link CharLmProtocol}), and the
   * gradient flow, gate statistics and per-group gradient norms of every eval step.
   */
  summaryExtras(): Record<string, unknown> {
    const protocol: CharLmProtocol = {
      unknownChars: this.options.vocab.unknown,
      resetOnWrap: this.options.resetOnWrap,
      evalBatches: { periodic: this.valBatches.length, val: this.wholeVal.length },
      testBatches: this.wholeTest.length,
      ...((this.options.scoredBatches ?? 0) > 0
        ? { scoredBatches: { val: this.scoredVal.length, test: this.scoredTest.length } }
        : {}),
    };
    // The corpus: reports that span several (e.g. the parameter-budget table) group runs by it.
    return { corpus: this.options.corpusId, protocol, ...this.dynamics.summary() };
  }

  async sample(): Promise<Sample> {
    const { model, vocab, sampling, seed } = this.options;
    const text = await generateText(model, vocab, {
      ...sampling,
      random: mulberry32(seed * 31 + ++this.samples),
    });
    return { text, quality: wordShare(text, this.options.trainWords) };
  }

  private batchLoss(batch: Batch, state: CellState[], training: boolean) {
    const { batch: B, seqLen: T, model } = this.options;
    const inputs = tf.tensor2d(timeMajor(batch.inputs, B, T), [T, B], "int32");
    const targets = tf.tensor1d(timeMajor(batch.targets, B, T), "int32");
    return model.crossEntropy(inputs, state, targets, training);
  }

  private resetState(): void {
    tf.dispose(this.state.flat());
    this.state = this.options.model.zeroState(this.options.batch);
  }

  /** The carried training state (checkpoints). */
  get carriedState(): CellState[] {
    return this.state;
  }

  /** Replace the carried training state (resume). */
  set carriedState(state: CellState[]) {
    tf.dispose(this.state.flat());
    this.state = state;
  }

  /**
   * For checkpoints: vocabulary, batch position, sample and dropout counters (the RNG seeds derive
   * from them), recorded dynamics, and the carried hidden state as `state/<layer>/<part>`.
   */
  saveState(): TaskState {
    const tensors: Record<string, tf.Tensor> = {};
    this.state.forEach((layer, l) => layer.forEach((t, k) => (tensors[`state/${l}/${k}`] = t)));
    return {
      json: {
        vocab: this.options.vocab.toJSON(),
        position: this.stream.position,
        samples: this.samples,
        dropoutCalls: this.options.model.dropoutCalls,
        dynamics: this.dynamics.summary(),
      },
      tensors,
    };
  }

  /** Continue from {@link saveState}; InputError when the vocabulary or state shapes differ. */
  loadState(saved: TaskState): void {
    const { json, tensors } = saved;
    const { vocab, model, batch } = this.options;
    const fix = "resume with the corpus and settings it was trained with, or start a new --out";
    const theirs = Vocab.fromJSON(json.vocab, "checkpoint: task.vocab");
    if (theirs.chars.join("") !== vocab.chars.join("")) {
      throw new InputError(
        "checkpoint: task.vocab",
        `vocabulary mismatch: the checkpoint has ${theirs.size} ids, the corpus's training split ` +
          `gives ${vocab.size}${theirs.size === vocab.size ? " with different characters" : ""}`,
        fix,
      );
    }
    const counters = [json.position, json.samples, json.dropoutCalls];
    if (!counters.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
      throw new InputError("checkpoint: task", "position/samples/dropoutCalls are missing", fix);
    }
    const zero = model.zeroState(batch);
    const state = zero.map((layer, l) =>
      layer.map((z, k) => {
        const t = tensors[`state/${l}/${k}`];
        if (!t || t.shape.join() !== z.shape.join()) {
          tf.dispose(zero.flat());
          throw new InputError(
            `checkpoint: task/state/${l}/${k}`,
            `is ${t ? `[${t.shape}]` : "missing"}, the model's hidden state is [${z.shape}]`,
            fix,
          );
        }
        return t as tf.Tensor2D;
      })
    );
    tf.dispose(zero.flat());
    this.stream.setPosition(json.position as number);
    this.samples = json.samples as number;
    model.dropoutCalls = json.dropoutCalls as number;
    const dynamics = json.dynamics as Partial<ReturnType<DynamicsRecorder["summary"]>> | undefined;
    this.dynamics.gradFlow.push(...(dynamics?.gradFlow ?? []));
    this.dynamics.gates.push(...(dynamics?.gates ?? []));
    this.dynamics.gradGroups.push(...(dynamics?.gradGroups ?? []));
    this.carriedState = state;
  }

  dispose(): void {
    tf.dispose(this.state.flat());
    if (this.pending) tf.dispose(this.pending.flat());
  }
}

/** `{<split>Loss, <split>Bpc, <split>Ppl}` of a mean loss in nats per character. */
function languageMetrics(split: "val" | "test", loss: number): EvalMetrics {
  return {
    [`${split}Loss`]: loss,
    [`${split}Bpc`]: bitsPerChar(loss),
    [`${split}Ppl`]: perplexity(loss),
  };
}

/**
 * Row-major `[B, T]` ids as time-major `[T, B]`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { timeMajor } from "./charlm.ts";
 * assert(timeMajor(Int32Array.of(1, 2, 3, 4, 5, 6), 2, 3).join() === "1,4,2,5,3,6");
 * ```
 */
export function timeMajor(ids: Int32Array, batch: number, seqLen: number): Int32Array {
  const out = new Int32Array(ids.length);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < seqLen; t++) out[t * batch + b] = ids[b * seqLen + t];
  }
  return out;
}

/**
 * Lower-cased words (letter runs) of `text`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { wordsOf } from "./charlm.ts";
 * assert(wordsOf("The whale, the WHALE!").join() === "the,whale,the,whale");
 * ```
 */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/\p{L}+/gu) ?? [];
}

/**
 * Share of the words in `text` that occur in `known` (0 when `text` has no words).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { wordShare } from "./charlm.ts";
 * assert(wordShare("the whale xqzt", new Set(["the", "whale"])) === 2 / 3);
 * ```
 */
export function wordShare(text: string, known: Set<string>): number {
  const words = wordsOf(text);
  if (words.length === 0) return 0;
  return words.filter((w) => known.has(w)).length / words.length;
}
