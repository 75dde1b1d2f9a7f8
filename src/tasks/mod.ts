/**
 * The task registry. Adding a task: its setup file, its config schema in `src/config/tasks/`, one
 * entry here, and its report module in `src/report/tasks.ts`; nothing above knows a task by name.
 * @module
 */
import type { RunConfig, TaskName } from "../config/schema.ts";
import type { PreparedRun, SetupContext } from "./prepared.ts";
import { setupCharLm } from "./charlm_setup.ts";
import { setupForecast } from "./forecast_setup.ts";
import { setupMemory } from "./memory_setup.ts";
import { memorySummary } from "./memory.ts";
import { type ForecastRunEntry, forecastSummary } from "./forecast.ts";
import { checkEnsembleRuns, type RunFileReader } from "./forecast_ensemble.ts";

export type { EvalMetrics, Sample, Task } from "./task.ts";
export type { ModelInfo, PreparedRun, SetupContext, TextBaseline } from "./prepared.ts";
export type { RunFileReader } from "./forecast_ensemble.ts";
export { initInfo } from "./prepared.ts";

/** What the experiment layer needs from a task, beyond the live {@link Task} of each run. */
export interface TaskDefinition {
  /** Load and check a run's inputs; the returned factory builds its model and task. */
  // deno-lint-ignore no-explicit-any
  setup(run: any, ctx: SetupContext): Promise<PreparedRun>;
  /**
   * Checks across the runs of an experiment (e.g. that an ensemble has seeds to average), before
   * anything is set up or written; throws InputError. `file` names the experiment file.
   */
  // deno-lint-ignore no-explicit-any
  checkRuns?(runs: readonly { id: string; config: any }[], file: string): void;
  /**
   * The experiment-level entries of `summary.json`, from the runs' entries (each run's own entry
   * comes from {@link Task.summaryExtras}) and the files the runs kept in their folders
   * ({@link Task.runFiles}, read with `read`); called whenever the summary is written, so it must
   * work from these alone (a resumed experiment has no live task for its ended runs).
   */
  // deno-lint-ignore no-explicit-any
  summarize?(runs: readonly any[], read: RunFileReader): Record<string, unknown>;
}

/** Every task, by the name its config's `task` key gives. */
export const TASKS: Readonly<Record<TaskName, TaskDefinition>> = {
  charlm: { setup: setupCharLm },
  adding: { setup: setupMemory, summarize: memorySummary },
  copy: { setup: setupMemory, summarize: memorySummary },
  forecast: {
    setup: setupForecast,
    checkRuns: checkEnsembleRuns,
    summarize: (runs: readonly ForecastRunEntry[], read) => forecastSummary(runs, read),
  },
};

/** Load and check a run's inputs; the returned factory builds its model and task. */
export function setupRun(run: RunConfig, ctx: SetupContext): Promise<PreparedRun> {
  return TASKS[run.task].setup(run, ctx);
}

/**
 * The experiment-level `summary.json` entries of `task` for these run entries; `read` reads a file
 * of a run's folder (default: none).
 */
export function summarizeTask(
  task: TaskName,
  runs: readonly Record<string, unknown>[],
  read: RunFileReader = () => null,
): Record<string, unknown> {
  return TASKS[task].summarize?.(runs, read) ?? {};
}

/** The checks of `task` across the runs of one experiment (InputError on bad input). */
export function checkTaskRuns(
  task: TaskName,
  runs: readonly { id: string; config: RunConfig }[],
  file: string,
): void {
  TASKS[task].checkRuns?.(runs, file);
}
