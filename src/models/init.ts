/**
 * Weight initialisation for a cell layer, as PyTorch does it: every weight and bias uniform in
 * ±1/√H. The LSTM's forget-gate bias starts at 1 (bx's f-block = 1, bh's f-block = 0) so the cell
 * remembers by default early in training (Gers et al. 2000; Jozefowicz et al. 2015).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { type CellKind, type CellWeights, GATES } from "./cell.ts";
import { mulberry32, uniformArray } from "../_random.ts";
import { InputError } from "../errors.ts";

/**
 * Fresh trainable weights for one layer of `kind`, deterministic in `seed`. The variables are named
 * `${namePrefix}/wx`, `/wh`, `/bx`, `/bh`; tfjs names are global, so each live layer needs its own
 * prefix (dispose a layer's variables before reusing its prefix).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { useBackend } from "../backend/mod.ts";
 * await useBackend("cpu");
 * import { initCellWeights } from "./init.ts";
 * const w = initCellWeights("lstm", 4, 8, 1, "doc/init");
 * assert(w.wx.shape.join() === "4,32" && w.wh.name === "doc/init/wh");
 * const bx = w.bx.dataSync();
 * assert(bx[8] === 1 && bx[15] === 1); // forget block, H = 8
 * ```
 */
export function initCellWeights(
  kind: CellKind,
  inputSize: number,
  hidden: number,
  seed: number,
  namePrefix: string,
): CellWeights {
  for (const [key, value] of [["inputSize", inputSize], ["hidden", hidden]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new InputError(
        `initCellWeights ${key}`,
        `must be a positive integer, got ${value}`,
        "pass a size ≥ 1",
      );
    }
  }
  const width = GATES[kind] * hidden;
  const bound = 1 / Math.sqrt(hidden);
  const random = mulberry32(seed);
  const make = (name: string, shape: number[], values: Float32Array) =>
    tf.tidy(() => tf.variable(tf.tensor(values, shape), true, `${namePrefix}/${name}`));
  const draw = (count: number) => uniformArray(random, count, -bound, bound);

  const wx = draw(inputSize * width);
  const wh = draw(hidden * width);
  const bx = draw(width);
  const bh = draw(width);
  if (kind === "lstm") {
    // Gate order i, f, g, o: the f-block is [H, 2H).
    bx.fill(1, hidden, 2 * hidden);
    bh.fill(0, hidden, 2 * hidden);
  }
  return {
    wx: make("wx", [inputSize, width], wx),
    wh: make("wh", [hidden, width], wh),
    bx: make("bx", [width], bx),
    bh: make("bh", [width], bh),
  };
}

/**
 * Parameters of one cell layer of `kind`: `G·H·(inputSize + H + 2)` (both biases, for every kind).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { cellParamCount } from "./init.ts";
 * assert(cellParamCount("lstm", 32, 128) === 4 * cellParamCount("rnn", 32, 128));
 * ```
 */
export function cellParamCount(kind: CellKind, inputSize: number, hidden: number): number {
  return GATES[kind] * hidden * (inputSize + hidden + 2);
}

/**
 * Count the scalars held by `weights` (any record of tensors, e.g. {@link CellWeights}).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { useBackend } from "../backend/mod.ts";
 * await useBackend("cpu");
 * import { countParams, initCellWeights } from "./init.ts";
 * const w = initCellWeights("rnn", 2, 3, 1, "doc/count");
 * assert(countParams(w) === 3 * (2 + 3 + 2));
 * ```
 */
export function countParams(weights: CellWeights | Record<string, { size: number }>): number {
  return Object.values(weights).reduce((sum: number, t: { size: number }) => sum + t.size, 0);
}
