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
import { type ForecastRunEntry, seriesSummary } from "./forecast.ts";

export type { EvalMetrics, Sample, Task } from "./task.ts";
export type { ModelInfo, PreparedRun, SetupContext, TextBaseline } from "./prepared.ts";
export { initInfo } from "./prepared.ts";

/** What the experiment layer needs from a task, beyond the live {@link Task} of each run. */
export interface TaskDefinition {
  /** Load and check a run's inputs; the returned factory builds its model and task. */
  // deno-lint-ignore no-explicit-any
  setup(run: any, ctx: SetupContext): Promise<PreparedRun>;
  /**
   * The experiment-level entries of `summary.json`, from the runs' entries (each run's own entry
   * comes from {@link Task.summaryExtras}); called whenever the summary is written, so it must
   * work from the entries alone (a resumed experiment has no live task for its ended runs).
   */
  // deno-lint-ignore no-explicit-any
  summarize?(runs: readonly any[]): Record<string, unknown>;
}

/** Every task, by the name its config's `task` key gives. */
export const TASKS: Readonly<Record<TaskName, TaskDefinition>> = {
  charlm: { setup: setupCharLm },
  adding: { setup: setupMemory, summarize: memorySummary },
  copy: { setup: setupMemory, summarize: memorySummary },
  forecast: {
    setup: setupForecast,
    summarize: (runs: readonly ForecastRunEntry[]) => ({ series: seriesSummary(runs) }),
  },
};

/** Load and check a run's inputs; the returned factory builds its model and task. */
export function setupRun(run: RunConfig, ctx: SetupContext): Promise<PreparedRun> {
  return TASKS[run.task].setup(run, ctx);
}

/** The experiment-level `summary.json` entries of `task` for these run entries. */
export function summarizeTask(
  task: TaskName,
  runs: readonly Record<string, unknown>[],
): Record<string, unknown> {
  return TASKS[task].summarize?.(runs) ?? {};
}
