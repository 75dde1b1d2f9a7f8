/**
 * What a task's setup returns: checked data (bad input fails before anything is written) and a
 * factory for the trainable task, called only when the run starts.
 * @module
 */
import type { Task } from "./task.ts";
import type { RecurrentModel } from "../models/model.ts";
import { cellOf } from "../models/cells/mod.ts";
import { type CellInit, DEFAULT_INIT } from "../models/init.ts";
import type { CellKind } from "../models/cell.ts";

/** Model facts every summary entry carries. */
export interface ModelInfo {
  cell: string;
  hidden: number;
  layers: number;
  embedding: number;
  params: number;
  recurrentParams: number;
  /** `model.init.scheme` (absent in summaries written before the key existed). */
  initScheme?: string;
  /** `model.forgetBias`; null for cells without a forget gate (not applied: "n/a"). */
  forgetBias?: number | null;
  /** `model.init.embedding`; null without a token embedding (absent in older summaries). */
  embeddingInit?: string | null;
}

/**
 * A baseline scored once per corpus (not per run): `summary.baselines[]`, a marked row of the run
 * table and a line on the loss chart.
 */
export interface TextBaseline {
  /** e.g. `ngram-5`. */
  id: string;
  kind: "baseline";
  corpus: string;
  /** n of the n-gram model. */
  order: number;
  /** Bits per character over the whole validation split. */
  valBpc: number;
  /** Bits per character over the whole test split (null without one). */
  testBpc: number | null;
  /** Fit and scoring time. */
  seconds: number;
}

/** A run whose inputs are loaded and validated. */
export interface PreparedRun {
  /**
   * Baselines of the run's data, shared by every run on the same data (deduplicate by id and
   * corpus): fitted on the first call, once per experiment (the setup cache), and only by the
   * process that writes the summary — never by a `--jobs` worker.
   */
  baselines?: () => TextBaseline[];
  /** Build the model and the task (after the backend is selected). */
  create(): { task: Task; model: ModelInfo; dispose(): void };
}

/** Context shared by every run of one experiment (e.g. a corpus cache). */
export interface SetupContext {
  /** Config file, for error messages. */
  file: string;
  runId: string;
  cache: Map<string, unknown>;
}

/** The summary's model facts of `model` (`embedding` is the first layer's input width). */
export function modelInfo(model: RecurrentModel): ModelInfo {
  const { cell, hidden, layers, inputSize } = model.spec;
  return {
    cell,
    hidden,
    layers,
    embedding: inputSize,
    params: model.paramCount,
    recurrentParams: model.recurrentParamCount,
    ...initInfo(cell, model.spec.init ?? DEFAULT_INIT),
    embeddingInit: model.embedding
      ? (model.spec.init?.embedding ?? DEFAULT_INIT.embedding ?? null)
      : null,
  };
}

/**
 * The summary's init facts of a `kind` layer: the scheme, and the forget bias where the cell has a
 * forget gate (null, "n/a" in the report, where it does not).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { initInfo } from "./prepared.ts";
 * const init = { scheme: "uniform", forgetBias: 1 } as const;
 * assert(initInfo("lstm", init).forgetBias === 1 && initInfo("gru", init).forgetBias === null);
 * ```
 */
export function initInfo(
  kind: CellKind,
  init: CellInit,
): Pick<ModelInfo, "initScheme" | "forgetBias"> {
  return {
    initScheme: init.scheme,
    forgetBias: cellOf(kind).addForgetBias ? init.forgetBias : null,
  };
}

/** What {@link PreparedRun.create} returns for `task` on `model`: both disposed together. */
export function builtRun(
  task: Task,
  model: RecurrentModel,
): { task: Task; model: ModelInfo; dispose(): void } {
  return {
    task,
    model: modelInfo(model),
    dispose() {
      task.dispose();
      model.dispose();
    },
  };
}
