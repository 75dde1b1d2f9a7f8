/**
 * Setup of an `adding` or `copy` run: the problem from `memory`, then (on create) the model (real-
 * valued inputs, no embedding, the head on the last hidden state) and the task.
 * @module
 */
import { RecurrentModel } from "../models/model.ts";
import type { RunConfig } from "../config/schema.ts";
import { addingProblem, copyProblem, MemoryTask } from "./memory.ts";
import { builtRun, type PreparedRun, type SetupContext } from "./prepared.ts";

type MemoryConfig = Extract<RunConfig, { task: "adding" | "copy" }>;

/** Build the problem of a memory run (nothing to load: the data are generated). */
export function setupMemory(run: MemoryConfig, ctx: SetupContext): Promise<PreparedRun> {
  const problem = run.task === "adding"
    ? addingProblem(run.memory.lag, run.memory.markers)
    : copyProblem(run.memory.lag, run.memory.variant);
  return Promise.resolve({
    create() {
      const model = new RecurrentModel({
        cell: run.model.cell,
        hidden: run.model.hidden,
        layers: run.model.layers,
        inputSize: problem.channels,
        outputSize: problem.outputs,
        dropout: run.model.dropout,
        init: { scheme: run.model.init.scheme, forgetBias: run.model.forgetBias },
        seed: run.training.seed,
        implementation: run.implementation,
        name: ctx.runId,
      });
      const task = new MemoryTask({
        model,
        problem,
        batch: run.training.batch,
        seed: run.training.seed,
        evalSize: run.memory.evalSize,
        probeLag: run.memory.probeLag,
      });
      return builtRun(task, model);
    },
  });
}
