import { InputError } from "../errors.ts";

/** Fractions of the text for [train, val, test]. */
export type SplitFractions = readonly [train: number, val: number, test: number];

/** The default split: 90% train, 5% validation, 5% test. */
export const DEFAULT_SPLIT: SplitFractions = [0.9, 0.05, 0.05];

/** A text cut into three contiguous parts; `train + val + test` is the original text. */
export interface TextSplit {
  train: string;
  val: string;
  test: string;
}

/**
 * Checks split fractions: three finite numbers, train and val > 0, test ≥ 0, summing to 1 within
 * 1e-6. Throws InputError naming `where` otherwise.
 */
export function validateSplit(
  fractions: readonly number[],
  where = "corpus.split",
): SplitFractions {
  const fix = "give three fractions [train, val, test] summing to 1, e.g. [0.9, 0.05, 0.05]";
  if (!Array.isArray(fractions) || fractions.length !== 3) {
    throw new InputError(where, `must have 3 entries, got ${JSON.stringify(fractions)}`, fix);
  }
  if (!fractions.every((f) => typeof f === "number" && Number.isFinite(f))) {
    throw new InputError(where, `must be numbers, got ${JSON.stringify(fractions)}`, fix);
  }
  const [train, val, test] = fractions;
  if (!(train > 0) || !(val > 0) || !(test >= 0)) {
    throw new InputError(
      where,
      `train and val must be > 0 and test ≥ 0, got ${JSON.stringify(fractions)}`,
      fix,
    );
  }
  const sum = train + val + test;
  if (Math.abs(sum - 1) > 1e-6) {
    throw new InputError(
      where,
      `must sum to 1, got ${JSON.stringify(fractions)} (sum ${sum})`,
      fix,
    );
  }
  return [train, val, test];
}

/**
 * Cuts `text` into contiguous train, val and test parts (in that order) by fractions. Boundaries
 * are rounded to whole characters and never split a surrogate pair; a test fraction of 0 gives an
 * empty test part.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { splitText } from "./split.ts";
 * const { train, val, test } = splitText("abcdefghij".repeat(10), [0.8, 0.1, 0.1]);
 * assert(train.length === 80 && val.length === 10 && test.length === 10);
 * ```
 */
export function splitText(
  text: string,
  fractions: readonly number[] = DEFAULT_SPLIT,
  where = "corpus.split",
): TextSplit {
  const [train, val, test] = validateSplit(fractions, where);
  const sum = train + val + test; // within 1e-6 of 1; normalise so the last boundary is exact
  const n = text.length;
  const trainEnd = boundary(text, Math.round((n * train) / sum));
  const valEnd = test === 0
    ? n
    : Math.max(trainEnd, boundary(text, Math.round((n * (train + val)) / sum)));
  return {
    train: text.slice(0, trainEnd),
    val: text.slice(trainEnd, valEnd),
    test: text.slice(valEnd),
  };
}

/** Moves an index that falls inside a surrogate pair to just after it. */
function boundary(text: string, index: number): number {
  const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
  const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
  if (
    index > 0 && index < text.length && isLow(text.charCodeAt(index)) &&
    isHigh(text.charCodeAt(index - 1))
  ) {
    return index + 1;
  }
  return index;
}
