/**
 * What a task's setup returns: checked data (bad input fails before anything is written) and a
 * factory for the trainable task, called only when the run starts.
 * @module
 */
import type { Task } from "./task.ts";
import type { RecurrentModel } from "../models/model.ts";

/** Model facts every summary entry carries. */
export interface ModelInfo {
  cell: string;
  hidden: number;
  layers: number;
  embedding: number;
  params: number;
  recurrentParams: number;
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
  /** Baselines of the run's data, shared by every run on the same data (deduplicate by id). */
  baselines?: TextBaseline[];
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
