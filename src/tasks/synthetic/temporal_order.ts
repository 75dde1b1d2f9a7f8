/**
 * Classification memory tasks on one-hot symbol sequences, the label read after the last step:
 *
 * - `temporal-order` (Hochreiter & Schmidhuber 1997, §5.6, task 6a): a start symbol, distractors
 *   a–d, and two relevant symbols, each X or Y, at steps t₁ ∈ [0.1T, 0.2T] and t₂ ∈ [0.5T, 0.6T],
 *   then an end symbol; the class is the order XX, XY, YX or YY (4 classes, chance 25%).
 * - `recall` (copy one symbol across the lag): the first step holds one of 4 symbols, then
 *   distractors, then a "go" symbol; the class is the first symbol (4 classes, chance 25%).
 *
 * "Solved" is accuracy ≥ 99%.
 * @module
 */
import type { SEQUENCE_VARIANTS as CONFIG_SEQUENCE_VARIANTS } from "../../config/tasks/memory.ts";

/** The classification variants. */
export const SEQUENCE_VARIANTS = ["temporal-order", "recall"] as const;
/** One of {@link SEQUENCE_VARIANTS}. */
export type SequenceVariant = typeof SEQUENCE_VARIANTS[number];
// The config schema keeps its own copy of the list (config sits below tasks): they must be equal.
type ConfigVariant = typeof CONFIG_SEQUENCE_VARIANTS[number];
const _variantsMatch: [SequenceVariant, ConfigVariant] extends [ConfigVariant, SequenceVariant]
  ? true
  : never = true;

/** Symbols, one channel each: distractors a–d, X, Y, start B, end/go E, recall symbols p–s. */
export const SYMBOLS = ["a", "b", "c", "d", "X", "Y", "B", "E", "p", "q", "r", "s"] as const;
/** Input channels per step (one-hot over {@link SYMBOLS}). */
export const SEQUENCE_CHANNELS = SYMBOLS.length;
/** Classes of both variants. */
export const SEQUENCE_CLASSES = 4;

const index = (symbol: typeof SYMBOLS[number]) => SYMBOLS.indexOf(symbol);

/** One batch of a classification memory task. */
export interface SequenceBatch {
  /** Time-major one-hot `[T, B, SEQUENCE_CHANNELS]`. */
  inputs: Float32Array;
  /** `[B]` class ids in 0..3. */
  labels: Int32Array;
  /** The symbols of each sequence, for inspection and tests. */
  symbols: string[][];
}

/**
 * A batch of `batch` sequences of length `lag` (≥ 10 for temporal order, ≥ 3 for recall).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { sequenceBatch } from "./temporal_order.ts";
 * import { mulberry32 } from "../../_random.ts";
 * const { symbols, labels } = sequenceBatch("temporal-order", 20, 2, mulberry32(1));
 * const relevant = symbols[0].filter((s) => s === "X" || s === "Y").join("");
 * assert(["XX", "XY", "YX", "YY"].indexOf(relevant) === labels[0]);
 * ```
 */
export function sequenceBatch(
  variant: SequenceVariant,
  lag: number,
  batch: number,
  random: () => number,
): SequenceBatch {
  const minimum = variant === "temporal-order" ? 10 : 3;
  if (!Number.isInteger(lag) || lag < minimum) {
    throw new RangeError(`${variant} needs lag ≥ ${minimum}, got ${lag}`);
  }
  const draw = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const inputs = new Float32Array(lag * batch * SEQUENCE_CHANNELS);
  const labels = new Int32Array(batch);
  const symbols: string[][] = [];
  for (let b = 0; b < batch; b++) {
    const seq: (typeof SYMBOLS[number])[] = Array.from(
      { length: lag },
      () => SYMBOLS[draw(0, 3)],
    );
    if (variant === "temporal-order") {
      const t1 = draw(Math.floor(0.1 * lag), Math.floor(0.2 * lag));
      const t2 = draw(Math.floor(0.5 * lag), Math.floor(0.6 * lag));
      const first = random() < 0.5 ? "X" : "Y";
      const second = random() < 0.5 ? "X" : "Y";
      seq[0] = "B";
      seq[t1] = first;
      seq[t2] = second;
      seq[lag - 1] = "E";
      labels[b] = (first === "Y" ? 2 : 0) + (second === "Y" ? 1 : 0);
    } else {
      const label = draw(0, 3);
      seq[0] = (["p", "q", "r", "s"] as const)[label];
      seq[lag - 1] = "E";
      labels[b] = label;
    }
    seq.forEach((s, t) => (inputs[(t * batch + b) * SEQUENCE_CHANNELS + index(s)] = 1));
    symbols.push(seq);
  }
  return { inputs, labels, symbols };
}
