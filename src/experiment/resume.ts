/**
 * `--resume` of an output folder: check that it is an output of these runs and decide, per run,
 * whether to skip it (it ended) or continue it from its last checkpoint.
 * @module
 */
import { InputError } from "../errors.ts";
import type { RunConfig } from "../config/schema.ts";
import type { PreparedRun } from "../tasks/mod.ts";
import type { RunRuntime, RunSummary } from "../report/mod.ts";
import { useBackend } from "../backend/mod.ts";
import { createOptimizer } from "../train/optimizers.ts";
import type { LoopState } from "../train/loop.ts";
import { type LoadedCheckpoint, MANIFEST_FILE, readCheckpoint } from "../train/checkpoint.ts";
import { readOr, restoreCheckpoint } from "../train/resume.ts";
import { canonicalJson } from "./_json.ts";
import { exists } from "../_fs.ts";

/** What `--resume` does with one run. */
export interface ResumeRun {
  /** `skip`: the run had ended (finished or diverged); `continue`: train it on. */
  action: "skip" | "continue";
  /** Its entry in the earlier `summary.json` (kept for skipped runs). */
  previous?: RunSummary;
  /** The checkpoint to continue from; null = start over (nothing was saved). */
  checkpoint: LoadedCheckpoint | null;
  /** The runtime the earlier part ran on (its `config.json`'s `runtime` block), if recorded. */
  runtime?: RunRuntime;
}

/** A checked `--resume` plan: per run id, and the earlier summary's creation time. */
export interface ResumePlan {
  runs: Map<string, ResumeRun>;
  createdAt?: string;
}

/**
 * Keys added after outputs were written, whose default is what those outputs ran with: a stored
 * `config.json` without one is read with the default (path → default value).
 */
const LATER_KEYS: Record<string, unknown> = { "evaluation.batches": 0 };

/**
 * `stored` with each of {@link LATER_KEYS} it lacks set to its default, where `current` has the key.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { withLaterKeys } from "./resume.ts";
 * const stored = { evaluation: { checkpoint: "best" } };
 * const current = { evaluation: { checkpoint: "best", batches: 0 } };
 * assertEquals(withLaterKeys(stored, current), current);
 * ```
 */
export function withLaterKeys(stored: Record<string, unknown>, current: unknown): unknown {
  const out = structuredClone(stored);
  for (const [path, value] of Object.entries(LATER_KEYS)) {
    const keys = path.split(".");
    const last = keys.pop()!;
    let into: Record<string, unknown> | undefined = out;
    let mirror = current as Record<string, unknown> | undefined;
    for (const key of keys) {
      into = into?.[key] as Record<string, unknown> | undefined;
      mirror = mirror?.[key] as Record<string, unknown> | undefined;
    }
    if (into && typeof into === "object" && !(last in into) && mirror && last in mirror) {
      into[last] = value;
    }
  }
  return out;
}

/**
 * Check that `outDir` is an output of these runs and decide, per run, whether to skip it (it had
 * ended) or continue it from its last checkpoint. Every checkpoint is read, verified and restored
 * into a throwaway model first, so a bad one fails (InputError) before anything is written.
 */
export async function planResume(
  outDir: string,
  runs: { id: string; config: RunConfig; prepared: PreparedRun }[],
): Promise<ResumePlan> {
  const flag = `--resume ${outDir}`;
  if (!exists(outDir)) {
    throw new InputError(flag, "does not exist", "name the output folder of an earlier run");
  }
  let summary: { createdAt?: string; runs?: RunSummary[] } = {};
  try {
    summary = JSON.parse(Deno.readTextFileSync(`${outDir}/summary.json`));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound) && !(error instanceof SyntaxError)) {
      throw new InputError(flag, `cannot be read (${(error as Error).message})`, "check the path");
    }
  }
  const known = runs.filter((r) => exists(`${outDir}/${r.id}/config.json`));
  if (known.length === 0) {
    throw new InputError(
      flag,
      `is not an output of this experiment (no ${runs.map((r) => `${r.id}/`).join(", ")} in it)`,
      "name the folder the experiment wrote (its --out), with the same --quick/--set options",
    );
  }
  const plan: ResumePlan = { runs: new Map(), createdAt: summary.createdAt };
  for (const run of runs) {
    const runDir = `${outDir}/${run.id}`;
    if (!exists(`${runDir}/config.json`)) {
      plan.runs.set(run.id, { action: "continue", checkpoint: null });
      continue;
    }
    // What was asked for must match; the runtime block (what was resolved) may differ.
    const { runtime, ...stored } = JSON.parse(Deno.readTextFileSync(`${runDir}/config.json`));
    if (canonicalJson(withLaterKeys(stored, run.config)) !== canonicalJson(run.config)) {
      throw new InputError(
        `${runDir}/config.json`,
        "differs from the run this command describes",
        "resume with the same experiment and --quick/--set options as the original command",
      );
    }
    const checkpoint = exists(`${runDir}/${MANIFEST_FILE}`) ? readCheckpoint(runDir) : null;
    const status = lastStatus(`${runDir}/events.jsonl`);
    const ended = status === "finished" || status === "diverged" ||
      checkpoint?.meta.status === "finished";
    const previous = summary.runs?.find((r) => r.id === run.id);
    if (ended && previous && previous.status === (status ?? "finished")) {
      plan.runs.set(run.id, { action: "skip", previous, checkpoint, runtime });
      continue;
    }
    if (checkpoint) {
      checkLoopState(checkpoint);
      await dryRestore(run, checkpoint);
    }
    plan.runs.set(run.id, { action: "continue", checkpoint, runtime });
  }
  if ([...plan.runs.values()].every((r) => r.action === "skip")) {
    throw new InputError(
      flag,
      "every run of this output already ended (finished or diverged); nothing to resume",
      "start a new output (leave out --resume), or name an interrupted output",
    );
  }
  return plan;
}

async function dryRestore(
  run: { id: string; config: RunConfig; prepared: PreparedRun },
  checkpoint: LoadedCheckpoint,
): Promise<void> {
  await useBackend(run.config.backend);
  const built = run.prepared.create();
  const t = run.config.training;
  const optimizer = createOptimizer(t.optimizer, t.learningRate, { adamEpsilon: t.adam.epsilon });
  try {
    await restoreCheckpoint(checkpoint, built.task, optimizer);
  } finally {
    optimizer.dispose();
    built.dispose();
  }
}

function checkLoopState(checkpoint: LoadedCheckpoint): void {
  const loop = checkpoint.meta.loop as Partial<LoopState> | null;
  const ok = loop && loop.step === checkpoint.meta.step && Array.isArray(loop.norms) &&
    Array.isArray(loop.evals) && Array.isArray(loop.samples) &&
    loop.norms.length === loop.step && typeof loop.clippedSteps === "number";
  if (!ok) {
    throw new InputError(
      `${checkpoint.dir}/${MANIFEST_FILE}`,
      "has no valid loop state (step, norms, evals, samples)",
      "use a checkpoint written by a training run",
    );
  }
}

/** The status of the last `status` event in `events.jsonl`, if any. */
function lastStatus(path: string): string | undefined {
  let status: string | undefined;
  for (const line of readOr(path).split("\n")) {
    try {
      const event = JSON.parse(line);
      if (event.type === "status") status = event.status;
    } catch {
      // blank or cut short
    }
  }
  return status;
}
