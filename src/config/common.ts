/**
 * Schema parts every task shares: model, training, backend, the override maps (grid, runs, quick).
 * A task file (`tasks/<task>.ts`) adds its own keys on top of {@link commonShape}.
 * @module
 */
import { z } from "zod";
import type { BackendName, Products } from "../backend/mod.ts";

/** Backends an experiment may ask for (kept here so loading a config does not start tfjs). */
export const BACKEND_NAMES = ["wasm", "cpu", "webgpu"] as const;
// Compile-time guard: the list above must stay equal to src/backend's BACKENDS.
const _backendsMatch: [BackendName, typeof BACKEND_NAMES[number]] extends
  [typeof BACKEND_NAMES[number], BackendName] ? true : never = true;

/** Product paths a config may ask for (kept here so loading a config does not dlopen anything). */
export const PRODUCT_NAMES = ["auto", "blas", "wasm"] as const;
// Compile-time guard: the list above must stay equal to src/backend's PRODUCTS.
const _productsMatch: [Products, typeof PRODUCT_NAMES[number]] extends
  [typeof PRODUCT_NAMES[number], Products] ? true : never = true;

/**
 * Cell kinds a config may name (kept here so config does not import models). A compile-time guard
 * in `src/models/cells/mod.ts` keeps this list equal to the cell registry.
 */
export const CELL_NAMES = ["rnn", "lstm", "gru", "cifg", "nfg"] as const;
/** One of {@link CELL_NAMES}. */
export type CellName = typeof CELL_NAMES[number];

/**
 * The cell each kind is a variant of, for the kinds that are one (Greff et al. 2015's LSTM
 * variants name `lstm`); kinds absent here are no variant. Kept here so the report need not import
 * models; `tests/models/cells_test.ts` keeps it equal to each cell module's `variantOf`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { CELL_VARIANT_OF } from "./common.ts";
 * assert(CELL_VARIANT_OF.cifg === "lstm" && CELL_VARIANT_OF.gru === undefined);
 * ```
 */
export const CELL_VARIANT_OF: Readonly<Partial<Record<CellName, CellName>>> = {
  cifg: "lstm",
  nfg: "lstm",
};

/**
 * The kinds with a forget gate, where `model.forgetBias` applies (the others ignore it, and run ids
 * leave it out). Kept here so config need not import models; `tests/models/cells_test.ts` keeps it
 * equal to the cell modules that define `addForgetBias`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { CELLS_WITH_FORGET_GATE } from "./common.ts";
 * assert(CELLS_WITH_FORGET_GATE.includes("lstm") && !CELLS_WITH_FORGET_GATE.includes("gru"));
 * ```
 */
export const CELLS_WITH_FORGET_GATE: readonly CellName[] = ["lstm", "cifg"];

/** Weight initialisation schemes (see `src/models/init.ts`). */
export const INIT_SCHEMES = ["uniform", "xavier-orthogonal"] as const;
/** One of {@link INIT_SCHEMES}. */
export type InitScheme = typeof INIT_SCHEMES[number];

/** Embedding initialisations (see `src/models/model.ts`). */
export const EMBEDDING_INITS = ["normal", "irwin-hall"] as const;
/** One of {@link EMBEDDING_INITS}. */
export type EmbeddingInit = typeof EMBEDDING_INITS[number];

const positiveInt = () => z.int().min(1);

/** `model.init`: how the cell weights start. */
export const initSchema = z.strictObject({
  scheme: z.enum(INIT_SCHEMES).default("uniform").describe(
    "uniform: every weight and bias uniform in ±1/√H (PyTorch's default); xavier-orthogonal: " +
      "Xavier-uniform input weights, an orthogonal recurrent block per gate, zero biases.",
  ),
  embedding: z.enum(EMBEDDING_INITS).default("normal").describe(
    "Token embedding (charlm): normal: N(0, 1), PyTorch's nn.Embedding; irwin-hall: a sum of " +
      "four uniforms minus 2 (sd 0.577), rnnlab's init before this key existed. Ignored without " +
      "an embedding (forecast, memory tasks).",
  ),
}).describe("Weight initialisation of the recurrent layers.");

/** `model`: the recurrent network. */
export const modelSchema = z.strictObject({
  cell: z.enum(CELL_NAMES).default("lstm").describe("Recurrent cell kind."),
  hidden: positiveInt().default(128).describe("Hidden units per layer."),
  layers: z.int().min(1).max(8).default(1).describe("Stacked recurrent layers."),
  embedding: positiveInt().default(32).describe("Embedding size (input to the first layer)."),
  dropout: z.number().min(0).lt(1).default(0).describe("Dropout between layers, in [0, 1)."),
  init: initSchema.prefault({}),
  forgetBias: z.number().default(0).describe(
    "Added to the forget-gate bias of cells with a forget gate (0: PyTorch; 1: Keras's " +
      "unit_forget_bias); ignored by cells without one.",
  ),
}).describe("The recurrent network.");

/** `training.clip`: gradient clipping. */
export const clipSchema = z.strictObject({
  mode: z.enum(["norm", "value", "none"]).default("norm").describe(
    "norm: rescale by global norm (Pascanu et al. 2013); value: clamp each entry; none.",
  ),
  threshold: z.number().gt(0).default(5).describe("Norm or value threshold."),
}).describe("Gradient clipping.");

/** `training.adam`: Adam's settings beyond the learning rate. */
export const adamSchema = z.strictObject({
  epsilon: z.number().gt(0).default(1e-8).describe(
    "Added to √v̂ in Adam's denominator: 1e-8 as PyTorch (tfjs's own default is 1e-7).",
  ),
}).describe("Adam (β₁ 0.9, β₂ 0.999).");

/** `training`: optimiser, budget, schedule of evals/samples/checkpoints. */
export const trainingSchema = z.strictObject({
  optimizer: z.enum(["adam", "rmsprop", "sgd"]).default("adam"),
  learningRate: z.number().gt(0).default(0.002),
  adam: adamSchema.prefault({}),
  batch: positiveInt().default(32).describe("Sequences per batch."),
  seqLen: positiveInt().default(64).describe("Truncated-BPTT length in characters/steps."),
  steps: positiveInt().default(300).describe("Optimiser steps."),
  clip: clipSchema.prefault({}),
  seed: z.int().default(1).describe("Seed for weights, batches and sampling."),
  evalInterval: positiveInt().default(50).describe("Steps between validation evals."),
  evalBatches: z.int().min(0).default(0).describe(
    "Validation batches per periodic eval (the first ones of the split); 0 = the whole split.",
  ),
  sampleInterval: z.int().min(0).default(100).describe(
    "Steps between samples; 0 = only at the end.",
  ),
  checkpointInterval: z.int().min(0).default(0).describe(
    "Steps between checkpoints; 0 = only at the end.",
  ),
  earlyStopping: z.strictObject({
    patience: z.int().min(0).default(0).describe(
      "Stop after this many evals in a row without a lower validation loss; 0 = never.",
    ),
  }).prefault({}).describe("Early stopping on the validation loss."),
  weightDecay: z.number().min(0).default(0).describe(
    "Decoupled weight decay (AdamW-style) on weight matrices: w ← w − learningRate·λ·w after " +
      "each update; 0 = none.",
  ),
}).describe("Optimiser and budget.");

/** Checkpoints a run can be scored at (see {@link evaluationSchema}). */
export const CHECKPOINT_CHOICES = ["best", "last"] as const;

/** `evaluation`: which checkpoint of a run is scored. */
export const evaluationSchema = z.strictObject({
  checkpoint: z.enum(CHECKPOINT_CHOICES).default("best").describe(
    "Scored checkpoint: best = the one with the lowest whole-split validation loss (early stopping); last = the final weights.",
  ),
  initialState: z.literal("zero").default("zero").describe(
    "Every evaluation pass starts from a zero hidden state and carries it across its consecutive batches (the only protocol so far; stated for provenance).",
  ),
}).describe("How a run is evaluated and scored.");

/** An override map: full key path (`"model.hidden"`) → value. */
export const overrideMapSchema = z.record(z.string(), z.unknown());

/** Keys shared by every task's experiment object (task-specific keys may override them). */
export const commonShape = {
  model: modelSchema.prefault({}),
  training: trainingSchema.prefault({}),
  evaluation: evaluationSchema.prefault({}),
  backend: z.enum(BACKEND_NAMES).default("wasm").describe("tfjs backend."),
  implementation: z.enum(["fused", "reference"]).default("fused").describe(
    "Cell implementation: fused kernels or the op-by-op reference.",
  ),
  products: z.enum(PRODUCT_NAMES).default("auto").describe(
    "Matrix products: blas (a system BLAS's cblas_sgemm through FFI; RNNLAB_BLAS=<path> picks " +
      "the library), wasm (the backend's own: XNNPACK on wasm), auto (blas when one is found). " +
      "What was resolved is the run's runtime block.",
  ),
  blasThreads: positiveInt().default(1).describe(
    "Threads of the BLAS (1: one core per run; results do not depend on it).",
  ),
};

/** Identity keys, first in every experiment object. */
const headShape = {
  $schema: z.string().optional().describe("Editor hint, e.g. ./schema.json; ignored."),
  name: z.string().min(1).describe("Experiment name (results/<name>/…)."),
  description: z.string().default(""),
};

/** The override maps, last in every experiment object. */
const tailShape = {
  grid: z.record(z.string(), z.array(z.unknown()).min(1)).default({}).describe(
    "Key path → values; the cartesian product (in key order) becomes the runs.",
  ),
  runs: z.array(overrideMapSchema).default([]).describe(
    "Extra runs appended after the grid: each an override map of key path → value.",
  ),
  quick: overrideMapSchema.default({}).describe("Overrides applied by --quick."),
};

/**
 * One task's strict experiment object: identity keys, `task`, the common keys (which `taskShape`
 * may override), the task's own keys, then grid/runs/quick.
 */
export function experimentObject<S extends { task: z.ZodType } & z.ZodRawShape>(taskShape: S) {
  // Spread order fixes the key order of configs (and of the JSON Schema) for readers.
  const leading = { ...headShape, task: taskShape.task, ...commonShape };
  return z.strictObject({ ...leading, ...taskShape, ...tailShape });
}

/** Top-level keys that are not run settings: never overridable per run, never in a RunConfig. */
export const META_KEYS = ["$schema", "grid", "runs", "quick"] as const;
