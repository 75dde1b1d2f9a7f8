/**
 * Tasks by name. Adding a task: one file (its setup) plus one line here (and its config schema in
 * `src/config/tasks/`).
 * @module
 */
import type { RunConfig } from "../config/schema.ts";
import type { PreparedRun, SetupContext } from "./prepared.ts";
import { setupCharLm } from "./charlm_setup.ts";
import { setupForecast } from "./forecast_setup.ts";
import { setupMemory } from "./memory_setup.ts";

export type { EvalMetrics, Sample, Task } from "./task.ts";
export type { ModelInfo, PreparedRun, SetupContext } from "./prepared.ts";
export { initInfo } from "./prepared.ts";

/** Setup of a run, by task name. */
// deno-lint-ignore no-explicit-any
export const TASK_SETUPS: Record<string, (run: any, ctx: SetupContext) => Promise<PreparedRun>> = {
  charlm: setupCharLm,
  adding: setupMemory,
  copy: setupMemory,
  forecast: setupForecast,
};

/** Load and check a run's inputs; the returned factory builds its model and task. */
export function setupRun(run: RunConfig, ctx: SetupContext): Promise<PreparedRun> {
  return TASK_SETUPS[run.task](run, ctx);
}
