/**
 * Experiment configuration: the zod schema (and its JSON Schema), JSONC loading with `--quick` and
 * `--set` overrides, and grid expansion into runs.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { loadExperiment } from "./mod.ts";
 * const { runs } = await loadExperiment("smoke");
 * assert(runs.length >= 1);
 * ```
 * @module
 */
export {
  type CharLmExperimentConfig,
  type CharLmRunConfig,
  type ExperimentConfig,
  type ExperimentInput,
  experimentSchema,
  type RunConfig,
  TASK_SCHEMAS,
  type TaskName,
  TASKS,
} from "./schema.ts";
export { BACKEND_NAMES } from "./common.ts";
export {
  experimentFromText,
  EXPERIMENTS_DIR,
  listExperiments,
  type LoadedExperiment,
  loadExperiment,
  type LoadOptions,
} from "./load.ts";
export { expandRuns, type RunSpec } from "./grid.ts";
export { getPath, parseSet, type SetOverride, setPath } from "./overrides.ts";
export { experimentJsonSchema } from "./json_schema.ts";
