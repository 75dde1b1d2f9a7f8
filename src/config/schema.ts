/**
 * The experiment-file schema: a discriminated union on `task`. Each task is one strict object made
 * of the common keys (`common.ts`) plus the task's own keys (`tasks/<task>.ts`). To add a task, write
 * `tasks/<task>.ts` exporting its shape (with `task: z.literal("<task>")`, no default: only
 * `charlm`, the first entry, defaults) and add one
 * `experimentObject(<task>Shape)` entry to {@link TASK_SCHEMAS}.
 * @module
 */
import { z } from "zod";
import { experimentObject, META_KEYS } from "./common.ts";
import { charlmShape } from "./tasks/charlm.ts";
import { addingShape, copyShape } from "./tasks/memory.ts";
import { forecastShape } from "./tasks/forecast.ts";

/** One strict object schema per task; `task` is the discriminator. */
export const TASK_SCHEMAS = [
  experimentObject(charlmShape),
  experimentObject(addingShape),
  experimentObject(copyShape),
  experimentObject(forecastShape),
] as const;

/** The whole experiment file. `task` defaults to `"charlm"`. */
export const experimentSchema = z.discriminatedUnion("task", TASK_SCHEMAS);

/** Experiment file as written (everything but `name` optional). */
export type ExperimentInput = z.input<typeof experimentSchema>;
/** Experiment file after validation: every default filled in. */
export type ExperimentConfig = z.output<typeof experimentSchema>;
/** Task names, e.g. `"charlm"`. */
export type TaskName = ExperimentConfig["task"];
/** Keys of an experiment that are not run settings. */
export type MetaKey = typeof META_KEYS[number];
/** One resolved run: an {@link ExperimentConfig} without `$schema`, `grid`, `runs`, `quick`. */
export type RunConfig = ExperimentConfig extends infer T ? T extends unknown ? Omit<T, MetaKey>
  : never
  : never;

/** An experiment of task `charlm` (narrow with `config.task === "charlm"`). */
export type CharLmExperimentConfig = Extract<ExperimentConfig, { task: "charlm" }>;
/** A run of task `charlm`. */
export type CharLmRunConfig = Extract<RunConfig, { task: "charlm" }>;

/** The task name a task schema's `task` literal holds (with or without a default). */
function taskNameOf(schema: (typeof TASK_SCHEMAS)[number]): TaskName {
  return [...schema.shape.task._zod.values!][0] as TaskName;
}

/** The known task names, in {@link TASK_SCHEMAS} order. */
export const TASKS: readonly TaskName[] = TASK_SCHEMAS.map(taskNameOf);

/** The object schema of one task, or undefined for an unknown task. */
export function taskSchema(task: string): (typeof TASK_SCHEMAS)[number] | undefined {
  return TASK_SCHEMAS.find((s) => taskNameOf(s) === task);
}
