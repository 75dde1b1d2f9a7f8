/**
 * Weight initialisation of a cell layer, chosen by `model.init.scheme`:
 * - `uniform` (PyTorch's default): every weight and bias uniform in ±1/√H;
 * - `xavier-orthogonal` (Keras's default for recurrent layers, per gate): input weights
 *   Xavier-uniform in ±√(6 / (E + G·H)), each gate's recurrent block `[H, H]` a random orthogonal
 *   matrix (Saxe et al. 2014), biases zero.
 *
 * Then `model.forgetBias` is added to the forget gate's input bias of cells that have one (the
 * cell's `addForgetBias` hook): 0 is PyTorch's init, 1 Keras's `unit_forget_bias` (Gers et al.
 * 2000; Jozefowicz et al. 2015).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { CellKind, CellWeights } from "./cell.ts";
import { cellOf } from "./cells/mod.ts";
import { mulberry32, uniformArray } from "../_random.ts";
import { InputError } from "../errors.ts";
import type { EmbeddingInit, InitScheme } from "../config/common.ts";

/** The init choices of a run (`model.init.scheme`, `model.forgetBias`, `model.init.embedding`). */
export interface CellInit {
  scheme: InitScheme;
  forgetBias: number;
  /** How a token embedding starts (default `normal`, PyTorch's); unused by the cell layers. */
  embedding?: EmbeddingInit;
}

/** The config's defaults: PyTorch's init. */
export const DEFAULT_INIT: Readonly<CellInit> = {
  scheme: "uniform",
  forgetBias: 0,
  embedding: "normal",
};

/**
 * Fresh trainable weights for one layer of `kind`, deterministic in `seed`, initialised by `init`. The variables are named
 * `${namePrefix}/wx`, `/wh`, `/bx`, `/bh`; tfjs names are global, so each live layer needs its own
 * prefix (dispose a layer's variables before reusing its prefix).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { useBackend } from "../backend/mod.ts";
 * await useBackend("cpu");
 * import { initCellWeights } from "./init.ts";
 * const plain = initCellWeights("lstm", 4, 8, 1, "doc/init0");
 * const w = initCellWeights("lstm", 4, 8, 1, "doc/init1", { scheme: "uniform", forgetBias: 1 });
 * assert(w.wx.shape.join() === "4,32" && w.wh.name === "doc/init1/wh");
 * const bx = w.bx.dataSync(), bx0 = plain.bx.dataSync();
 * assert(Math.abs(bx[8] - bx0[8] - 1) < 1e-6 && bx[0] === bx0[0]); // forget block [8, 16), H = 8
 * ```
 */
export function initCellWeights(
  kind: CellKind,
  inputSize: number,
  hidden: number,
  seed: number,
  namePrefix: string,
  init: CellInit = DEFAULT_INIT,
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
  if (!Number.isFinite(init.forgetBias)) {
    throw new InputError(
      "model.forgetBias",
      `must be a finite number, got ${init.forgetBias}`,
      "use e.g. 0 (PyTorch) or 1 (Keras)",
    );
  }
  const cell = cellOf(kind);
  const gates = cell.gates.length;
  const width = gates * hidden;
  const random = mulberry32(seed);
  const make = (name: string, shape: number[], values: Float32Array) =>
    tf.tidy(() => tf.variable(tf.tensor(values, shape), true, `${namePrefix}/${name}`));

  let wx: Float32Array, wh: Float32Array, bx: Float32Array, bh: Float32Array;
  if (init.scheme === "uniform") {
    const bound = 1 / Math.sqrt(hidden);
    const draw = (count: number) => uniformArray(random, count, -bound, bound);
    wx = draw(inputSize * width);
    wh = draw(hidden * width);
    bx = draw(width);
    bh = draw(width);
  } else if (init.scheme === "xavier-orthogonal") {
    const bound = Math.sqrt(6 / (inputSize + width));
    wx = uniformArray(random, inputSize * width, -bound, bound);
    wh = new Float32Array(hidden * width);
    for (let g = 0; g < gates; g++) {
      const q = randomOrthogonal(random, hidden);
      for (let k = 0; k < hidden; k++) {
        for (let j = 0; j < hidden; j++) wh[k * width + g * hidden + j] = q[k * hidden + j];
      }
    }
    bx = new Float32Array(width);
    bh = new Float32Array(width);
  } else {
    throw new InputError(
      "model.init.scheme",
      `unknown scheme "${init.scheme}"`,
      `use "uniform" or "xavier-orthogonal"`,
    );
  }
  cell.addForgetBias?.(bx, hidden, init.forgetBias);
  return {
    wx: make("wx", [inputSize, width], wx),
    wh: make("wh", [hidden, width], wh),
    bx: make("bx", [width], bx),
    bh: make("bh", [width], bh),
  };
}

/**
 * A random `n × n` orthogonal matrix (row-major): modified Gram–Schmidt on the columns of a
 * standard normal matrix, which gives the Haar (uniform) distribution over orthogonal matrices
 * because every diagonal entry of R is positive.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { mulberry32 } from "../_random.ts";
 * import { randomOrthogonal } from "./init.ts";
 * const q = randomOrthogonal(mulberry32(3), 3);
 * const dot = (a: number, b: number) => [0, 1, 2].reduce((s, k) => s + q[k * 3 + a] * q[k * 3 + b], 0);
 * assert(Math.abs(dot(0, 0) - 1) < 1e-12 && Math.abs(dot(0, 2)) < 1e-12);
 * ```
 */
export function randomOrthogonal(random: () => number, n: number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n * n; i += 2) {
    // Box–Muller: two standard normals from two uniforms (1 − u keeps the log finite).
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    q[i] = radius * Math.cos(angle);
    if (i + 1 < n * n) q[i + 1] = radius * Math.sin(angle);
  }
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += q[k * n + p] * q[k * n + j];
      for (let k = 0; k < n; k++) q[k * n + j] -= dot * q[k * n + p];
    }
    let norm = 0;
    for (let k = 0; k < n; k++) norm += q[k * n + j] ** 2;
    norm = Math.sqrt(norm);
    for (let k = 0; k < n; k++) q[k * n + j] /= norm;
  }
  return q;
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
  return cellOf(kind).gates.length * hidden * (inputSize + hidden + 2);
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
