/**
 * Checkpoints of a training run and resuming from them: capture the model, optimiser, task and loop
 * state into a {@link Checkpoint}, restore them exactly, and cut a run's files back to a
 * checkpoint's step (planning `--resume` of a whole output is the experiment layer's:
 * `src/experiment/resume.ts`).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { InputError } from "../errors.ts";
import type { RunConfig } from "../config/schema.ts";
import type { Task, TaskState } from "../tasks/task.ts";
import { METRIC_COLUMNS, type RunSink } from "../metrics/sink.ts";
import type { LoopCheckpoints, LoopState } from "./loop.ts";
import {
  type Checkpoint,
  type LoadedCheckpoint,
  MANIFEST_FILE,
  readCheckpoint,
  type TensorData,
  writeCheckpoint,
} from "./checkpoint.ts";
import { exists } from "../_fs.ts";

/** Folder of a run's best-validation checkpoint, inside the run folder. */
export const BEST_DIR = "best";

/** The `optimizer` field of a manifest. */
interface OptimizerMeta {
  name: string;
  /** Names of `optimizer/<i>` in `getWeights()` order (the first is the iteration count). */
  weights: string[];
}

/** Adam's running products β₁ᵗ, β₂ᵗ (tfjs keeps them as private variables). */
type AdamProducts = { accBeta1?: tf.Variable; accBeta2?: tf.Variable };

async function tensorData(t: tf.Tensor): Promise<TensorData> {
  if (t.dtype !== "float32" && t.dtype !== "int32") {
    throw new TypeError(`cannot checkpoint a ${t.dtype} tensor`);
  }
  const values = (await t.data()) as Float32Array | Int32Array;
  return { dtype: t.dtype, shape: [...t.shape], values };
}

/** Everything a run's training depends on after `state.step` steps, as a checkpoint. */
export async function captureCheckpoint(
  run: { id: string; config: RunConfig },
  kind: "last" | "best",
  status: "running" | "finished" | "interrupted",
  state: LoopState,
  task: Task,
  optimizer: tf.Optimizer,
): Promise<Checkpoint> {
  const tensors = new Map<string, TensorData>();
  for (const [name, v] of task.variables) tensors.set(`model/${name}`, await tensorData(v));
  const weights = await optimizer.getWeights();
  for (const [i, w] of weights.entries()) tensors.set(`optimizer/${i}`, await tensorData(w.tensor));
  weights[0]?.tensor.dispose(); // the iteration count is a fresh scalar; the rest are live
  // setWeights recomputes βᵗ with pow, an ulp off the running product: keep the products.
  const adam = optimizer as unknown as AdamProducts;
  if (adam.accBeta1 && adam.accBeta2) {
    tensors.set("optimizer/accBeta1", await tensorData(adam.accBeta1));
    tensors.set("optimizer/accBeta2", await tensorData(adam.accBeta2));
  }
  const taskState = task.saveState?.();
  for (const [key, t] of Object.entries(taskState?.tensors ?? {})) {
    tensors.set(`task/${key}`, await tensorData(t));
  }
  const optimizerMeta: OptimizerMeta = {
    name: run.config.training.optimizer,
    weights: weights.map((w) => w.name),
  };
  return {
    meta: {
      runId: run.id,
      step: state.step,
      status,
      kind,
      config: run.config,
      loop: { ...state, norms: [...state.norms] },
      optimizer: optimizerMeta,
      task: taskState?.json ?? null,
    },
    tensors,
  };
}

/**
 * Copy a checkpoint's `model/<name>` tensors into `variables`. Every shape is checked before any
 * variable changes; a mismatch throws an {@link InputError}.
 */
export function restoreVariables(
  checkpoint: Checkpoint,
  variables: Map<string, tf.Variable>,
  where: string,
): void {
  const fix = "use a checkpoint of this run's configuration and corpus";
  for (const [name, v] of variables) {
    const saved = checkpoint.tensors.get(`model/${name}`);
    if (!saved) throw new InputError(where, `has no weights for ${name}`, fix);
    if (saved.shape.join() !== v.shape.join()) {
      const hint = name === "embedding" || name.startsWith("head/")
        ? " (vocabulary mismatch?)"
        : "";
      throw new InputError(
        where,
        `${name} is [${saved.shape}] in the checkpoint but [${v.shape}] in the model${hint}`,
        fix,
      );
    }
  }
  for (const [name, v] of variables) {
    const saved = checkpoint.tensors.get(`model/${name}`)!;
    tf.tidy(() => v.assign(tf.tensor(saved.values, saved.shape, saved.dtype)));
  }
}

/** Restore task, model and optimiser from `checkpoint` (task first: its vocabulary check). */
export async function restoreCheckpoint(
  checkpoint: LoadedCheckpoint,
  task: Task,
  optimizer: tf.Optimizer,
): Promise<void> {
  const where = `${checkpoint.dir}/${MANIFEST_FILE}`;
  if (task.loadState && checkpoint.meta.task) {
    const tensors: TaskState["tensors"] = {};
    for (const [name, t] of checkpoint.tensors) {
      if (name.startsWith("task/")) tensors[name.slice(5)] = tf.tensor(t.values, t.shape, t.dtype);
    }
    try {
      task.loadState({ json: checkpoint.meta.task as Record<string, unknown>, tensors });
    } catch (error) {
      // Tensors the task did not take would leak: dispose those it does not hold now.
      const held = new Set(Object.values(task.saveState?.().tensors ?? {}));
      tf.dispose(Object.values(tensors).filter((t) => !held.has(t)));
      throw error;
    }
  }
  restoreVariables(checkpoint, task.variables, where);
  const meta = checkpoint.meta.optimizer as OptimizerMeta | null;
  if (!meta || !Array.isArray(meta.weights)) {
    throw new InputError(where, "has no optimizer state", "use a checkpoint written by a run");
  }
  const named = meta.weights.map((name, i) => {
    const t = checkpoint.tensors.get(`optimizer/${i}`);
    if (!t) throw new InputError(where, `lacks optimizer weight ${i} (${name})`, "rerun");
    return { name, tensor: tf.tensor(t.values, t.shape, t.dtype) };
  });
  try {
    await optimizer.setWeights(named);
  } finally {
    tf.dispose(named.map((n) => n.tensor)); // setWeights' variables hold their own references
  }
  const adam = optimizer as unknown as AdamProducts;
  for (const key of ["accBeta1", "accBeta2"] as const) {
    const saved = checkpoint.tensors.get(`optimizer/${key}`);
    const target = adam[key];
    if (saved && target) tf.tidy(() => target.assign(tf.tensor(saved.values, saved.shape)));
  }
}

/**
 * The loop's checkpoint hooks for one run: `last` checkpoints in the run folder, the best one in
 * `best/`; each also noted as a `checkpoint` event. With `from`, the loop continues from it.
 */
export function runCheckpoints(
  run: { id: string; config: RunConfig },
  runDir: string,
  sink: RunSink,
  from?: LoadedCheckpoint | null,
): LoopCheckpoints {
  return {
    interval: run.config.training.checkpointInterval,
    resume: from
      ? {
        state: from.meta.loop as LoopState,
        restore: (task, optimizer) => restoreCheckpoint(from, task, optimizer),
      }
      : undefined,
    // The best eval's weights from `best/` (a resumed run whose best eval came before the resume).
    restoreBest(task, step) {
      const dir = `${runDir}/${BEST_DIR}`;
      if (!exists(`${dir}/${MANIFEST_FILE}`)) return Promise.resolve(false);
      const best = readCheckpoint(dir);
      if (best.meta.step !== step) return Promise.resolve(false);
      restoreVariables(best, task.variables, `${dir}/${MANIFEST_FILE}`);
      return Promise.resolve(true);
    },
    async save(kind, status, state, task, optimizer) {
      const checkpoint = await captureCheckpoint(run, kind, status, state, task, optimizer);
      const dir = kind === "last" ? runDir : `${runDir}/${BEST_DIR}`;
      writeCheckpoint(dir, checkpoint);
      sink.event({ type: "checkpoint", step: state.step, kind, status });
    },
  };
}

/**
 * Cut a run's `metrics.csv`, `events.jsonl` and `samples.md` back to `step` (rows and events
 * after it, and earlier status events, are dropped), so the resumed run appends each step once.
 */
export function truncateRunFiles(runDir: string, step: number): void {
  const metrics = readOr(`${runDir}/metrics.csv`);
  const header = METRIC_COLUMNS.join(",");
  const rows = metrics.split(/\r?\n/).slice(1).filter((line) => {
    const cells = line.split(",");
    return cells.length === METRIC_COLUMNS.length && Number(cells[0]) <= step && cells[0] !== "";
  });
  Deno.writeTextFileSync(`${runDir}/metrics.csv`, [header, ...rows].join("\n") + "\n");
  const events = readOr(`${runDir}/events.jsonl`).split("\n").filter((line) => {
    try {
      const event = JSON.parse(line);
      return event.step <= step && event.type !== "status";
    } catch {
      return false; // blank, or cut short by a hard kill
    }
  });
  events.push(JSON.stringify({ type: "checkpoint", step, resumed: true }));
  Deno.writeTextFileSync(`${runDir}/events.jsonl`, events.join("\n") + "\n");
  const samples = readOr(`${runDir}/samples.md`).split(/(?=^## step \d+ )/m)
    .filter((section) => {
      const match = /^## step (\d+) /.exec(section);
      return match !== null && Number(match[1]) <= step && section.endsWith("```\n\n");
    });
  Deno.writeTextFileSync(`${runDir}/samples.md`, samples.join(""));
}

/** A file's text, or "" when it cannot be read. */
export function readOr(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return "";
  }
}
