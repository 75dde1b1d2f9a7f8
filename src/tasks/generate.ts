/**
 * Character generation from a language model: prime, then draw one character at a time from
 * softmax(logits / temperature). Shared by the charlm task's samples and `deno task sample`.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { CellState } from "../models/cell.ts";
import type { RecurrentModel } from "../models/model.ts";
import type { Vocab } from "../data/vocab.ts";
import { readValues } from "../backend/read.ts";

/** Generation settings; `temperature` 0 means argmax. */
export interface GenerateOptions {
  prime: string;
  length: number;
  temperature: number;
  /** Uniform [0, 1) draws (seeded by the caller). */
  random: () => number;
}

/**
 * `length` characters after `prime` (an empty prime starts from a newline). Deterministic for a
 * given model, backend and `random`. Never emits the unknown id 0.
 */
export async function generateText(
  model: RecurrentModel,
  vocab: Vocab,
  options: GenerateOptions,
): Promise<string> {
  const zero = model.zeroState(1);
  let step = await feed(model, vocab.encode(options.prime.length ? options.prime : "\n"), zero);
  tf.dispose(zero.flat());
  const ids: number[] = [];
  for (let i = 0; i < options.length; i++) {
    const id = drawIndex(step.last, options.temperature, options.random);
    ids.push(id);
    if (i === options.length - 1) break;
    const next = await feed(model, Int32Array.of(id), step.state);
    tf.dispose(step.state.flat());
    step = next;
  }
  tf.dispose(step.state.flat());
  return vocab.decode(Int32Array.from(ids));
}

/** Run `ids` through the model from `state`: the last step's logits and the new state. */
async function feed(
  model: RecurrentModel,
  ids: Int32Array,
  state: CellState[],
): Promise<{ last: Float32Array; state: CellState[] }> {
  const out = tf.tidy(() => {
    const forward = model.forward(tf.tensor2d(ids, [ids.length, 1], "int32"), state, false);
    return {
      last: forward.outputs.slice([ids.length - 1, 0], [1, -1]),
      state: forward.state.map((layer) => layer.map((t) => tf.keep(t))),
    };
  });
  return { last: await readValues(out.last), state: out.state };
}

/**
 * Draw an index ≥ `from` from softmax(logits / temperature); temperature 0 means argmax. Sampling
 * starts at 1 to skip the unknown id 0, which stands for no character of the training text.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { drawIndex } from "./generate.ts";
 * assert(drawIndex(Float32Array.of(9, 1, 3), 0, Math.random) === 2);
 * ```
 */
export function drawIndex(
  logits: Float32Array,
  temperature: number,
  random: () => number,
  from = 1,
): number {
  let best = from;
  for (let i = from + 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  if (temperature <= 0) return best;
  const weights = new Float64Array(logits.length);
  let total = 0;
  for (let i = from; i < logits.length; i++) {
    weights[i] = Math.exp((logits[i] - logits[best]) / temperature);
    total += weights[i];
  }
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r <= 0) return i;
  }
  return best;
}
