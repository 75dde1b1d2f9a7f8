/**
 * Train one run in this process into its folder and return its `summary.json` entry. A diverged
 * run is a result; a crash is caught and recorded as `failed`, so the experiment goes on.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { RunConfig } from "../config/schema.ts";
import { resolveProducts, type Runtime, useBackend } from "../backend/mod.ts";
import { initInfo, type ModelInfo, type PreparedRun } from "../tasks/mod.ts";
import { RunSink } from "../metrics/sink.ts";
import { emptyOutcome, type LoopControl, type ProgressReporter, runLoop } from "../train/loop.ts";
import { runCheckpoints, truncateRunFiles } from "../train/resume.ts";
import type { RunSummary } from "../report/mod.ts";
import { type RunSettings, runSummary } from "./summary.ts";
import type { ResumeRun } from "./resume.ts";

/** Where a run reports its steps, and the line it ends with. */
export interface RunReporter extends ProgressReporter {
  done(message: string): void;
}

/** A run with its checked inputs. */
export interface PlannedRun {
  id: string;
  config: RunConfig;
  prepared: PreparedRun;
}

/** Train `run` into `runDir` (continuing `resume`'s checkpoint if given). Never throws. */
export async function trainRun(
  run: PlannedRun,
  runDir: string,
  reporter: RunReporter,
  control: LoopControl,
  resume?: ResumeRun,
): Promise<RunSummary> {
  const t = run.config.training;
  const from = resume?.checkpoint ?? null;
  const runtime = resolveRunProducts(run.config);
  const before = from ? resume?.runtime : undefined;
  const changed = before !== undefined && JSON.stringify(before) !== JSON.stringify(runtime);
  const settings = {
    ...settingsOf(run.config),
    runtime,
    ...(changed ? { resumedRuntimes: [before] } : {}),
  };
  if (resume) truncateRunFiles(runDir, from?.meta.step ?? 0);
  const sink = new RunSink(runDir, from !== null);
  let built: ReturnType<PreparedRun["create"]> | undefined;
  try {
    await useBackend(run.config.backend);
    built = run.prepared.create();
    const checkpoints = runCheckpoints(run, runDir, sink, from);
    const spec = { ...t, scoredCheckpoint: run.config.evaluation.checkpoint };
    const outcome = await runLoop(built.task, spec, sink, reporter, control, checkpoints);
    const extras = (await built.task.summaryExtras?.()) ?? {};
    for (const [name, text] of Object.entries((await built.task.runFiles?.()) ?? {})) {
      sink.file(name, text);
    }
    const entry = runSummary(run.id, built.model, settings, outcome, extras);
    reporter.done(describeOutcome(entry));
    return entry;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    sink.event({ type: "status", step: 0, status: "failed", reason });
    sink.flush();
    reporter.done(`failed: ${reason}`);
    if (Deno.env.get("RNNLAB_DEBUG")) console.error(error);
    return failedRun(run.id, run.config, reason, built?.model);
  } finally {
    built?.dispose();
    // Reclaim anything a crashed step left behind, so the next run starts clean.
    if (built) tf.disposeVariables();
  }
}

/**
 * The product path of `config` for this process (quietly; `prepareRuns` says when `auto` fell
 * back), made active. On webgpu the GPU does the products: the BLAS is never used there.
 */
export function resolveRunProducts(config: RunConfig): Runtime {
  const asked = config.backend === "webgpu" ? "wasm" : config.products;
  return resolveProducts(asked, config.blasThreads, true);
}

/** The line a run ends with: its status, and for a finished run its score and speed. */
export function describeOutcome(r: RunSummary): string {
  if (r.status !== "finished") return `${r.status}${r.reason ? ` (${r.reason})` : ""}`;
  const bpc = r.valBpc != null ? `val bpc ${r.valBpc.toFixed(3)}, ` : "";
  const speed = r.charsPerSec != null ? `${Math.round(r.charsPerSec)} chars/s, ` : "";
  return `finished: ${bpc}${speed}${r.wallSeconds.toFixed(1)} s`;
}

/** The entry of a run that crashed before measuring anything. */
export function failedRun(
  id: string,
  config: RunConfig,
  reason: string,
  model: ModelInfo = emptyModel(config),
): RunSummary {
  return runSummary(id, model, settingsOf(config), emptyOutcome("failed", reason));
}

/** The entry of a run that an interrupted experiment never started. */
export function skippedRun(id: string, config: RunConfig): RunSummary {
  const outcome = emptyOutcome("interrupted", "not started: the experiment was interrupted");
  return runSummary(id, emptyModel(config), settingsOf(config), outcome);
}

/** The settings every summary entry states (the provenance of its numbers). */
function settingsOf(config: RunConfig): RunSettings {
  const t = config.training;
  return {
    clip: t.clip,
    optimizer: t.optimizer,
    learningRate: t.learningRate,
    adamEpsilon: t.optimizer === "adam" ? t.adam.epsilon : null,
    seed: t.seed,
    scoredCheckpoint: config.evaluation.checkpoint,
    evalInitialState: config.evaluation.initialState,
    backend: config.backend,
    implementation: config.implementation,
  };
}

function emptyModel(config: RunConfig): ModelInfo {
  return {
    cell: config.model.cell,
    hidden: config.model.hidden,
    layers: config.model.layers,
    embedding: config.model.embedding,
    params: 0,
    recurrentParams: 0,
    ...initInfo(config.model.cell, {
      scheme: config.model.init.scheme,
      forgetBias: config.model.forgetBias,
    }),
  };
}
