/**
 * Run every run of an experiment into an output folder: check all inputs first (bad input fails
 * before anything is written), then train the runs one by one, write the summary and the report.
 * A diverged run is a result; a crashed run is recorded as `failed` and the grid goes on.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { ExperimentConfig, RunConfig } from "../config/schema.ts";
import {
  BLAS_ENV,
  FALLBACK_NOTE,
  resolveProducts,
  type Runtime,
  useBackend,
} from "../backend/mod.ts";
import { FUSED_BACKENDS } from "../models/fused/mod.ts";
import { InputError } from "../errors.ts";
import { type PreparedRun, setupRun } from "../tasks/mod.ts";
import { RunSink } from "../metrics/sink.ts";
import { emptyOutcome, type LoopControl, runLoop } from "../train/loop.ts";
import { runCheckpoints, truncateRunFiles } from "../train/resume.ts";
import { type ExperimentSummary, type RunSummary, writeReport } from "../report/mod.ts";
import { Progress } from "./progress.ts";
import { runSummary, writeSummary } from "./summary.ts";
import type { ResumePlan, ResumeRun } from "./resume.ts";

/** A loaded experiment: the file, its config, and the expanded runs. */
export interface LoadedExperiment {
  file: string;
  config: ExperimentConfig;
  runs: { id: string; config: RunConfig }[];
}

/** Options of {@link runExperiment}. */
export interface ExperimentOptions {
  outDir: string;
  quick: boolean;
  control: LoopControl;
  /** Continue an earlier output (`--resume`): skip its ended runs, continue the others. */
  resume?: ResumePlan;
}

/**
 * The product path of `config` for this process (quietly; the caller says when `auto` fell back).
 * On webgpu the GPU does the products: the BLAS is never used there.
 */
function resolveRunProducts(config: RunConfig): Runtime {
  const asked = config.backend === "webgpu" ? "wasm" : config.products;
  return resolveProducts(asked, config.blasThreads, true);
}

/** Check every run's inputs; throws InputError on the first bad one. */
export async function prepareRuns(
  experiment: LoadedExperiment,
): Promise<{ id: string; config: RunConfig; prepared: PreparedRun }[]> {
  const cache = new Map<string, unknown>();
  const out = [];
  let fellBack = false;
  for (const run of experiment.runs) {
    const { backend, implementation, products } = run.config;
    // A bad RNNLAB_BLAS, or "blas" without a library, fails here, before anything is written.
    const runtime = resolveRunProducts(run.config);
    fellBack ||= products === "auto" && runtime.products === "wasm";
    if (implementation === "fused" && !(FUSED_BACKENDS as readonly string[]).includes(backend)) {
      throw new InputError(
        `${experiment.file}: implementation (run ${run.id})`,
        `"fused" runs on ${FUSED_BACKENDS.join(" and ")}, not on backend "${backend}"`,
        `set implementation to "reference" for ${backend}, or backend to "wasm"`,
      );
    }
    const prepared = await setupRun(run.config, { file: experiment.file, runId: run.id, cache });
    out.push({ ...run, prepared });
  }
  if (fellBack && Deno.env.get(BLAS_ENV) !== "none") console.error(FALLBACK_NOTE);
  return out;
}

/** Train every run into `options.outDir` and write summary and report; returns the summary. */
export async function runExperiment(
  experiment: LoadedExperiment,
  runs: { id: string; config: RunConfig; prepared: PreparedRun }[],
  options: ExperimentOptions,
): Promise<ExperimentSummary> {
  const { config } = experiment;
  const summary: ExperimentSummary = {
    experiment: config.name,
    description: config.description,
    task: config.task,
    createdAt: options.resume?.createdAt ?? new Date().toISOString(),
    quick: options.quick,
    runs: [],
  };
  for (const [index, run] of runs.entries()) {
    const runDir = `${options.outDir}/${run.id}`;
    Deno.mkdirSync(runDir, { recursive: true });
    const label = `[${index + 1}/${runs.length}] ${run.id}`;
    const resume = options.resume?.runs.get(run.id);
    if (resume?.action === "skip" && resume.previous) {
      summary.runs.push(resume.previous);
      continue;
    }
    // What was asked for, then what this process resolved (resume compares only the former).
    const runtime = resolveRunProducts(run.config);
    Deno.writeTextFileSync(
      `${runDir}/config.json`,
      JSON.stringify({ ...run.config, runtime }, null, 2) + "\n",
    );
    if (options.control.interrupted) {
      summary.runs.push(skippedRun(run.id, run.config));
      continue;
    }
    summary.runs.push(await trainOne(run, runDir, label, options.control, runtime, resume));
    writeSummary(options.outDir, summary);
  }
  writeSummary(options.outDir, summary);
  await writeReport(options.outDir, summary);
  return summary;
}

async function trainOne(
  run: { id: string; config: RunConfig; prepared: PreparedRun },
  runDir: string,
  label: string,
  control: LoopControl,
  runtime: Runtime,
  resume?: ResumeRun,
): Promise<RunSummary> {
  const t = run.config.training;
  const before = resume?.checkpoint ? resume.runtime : undefined;
  const changed = before !== undefined && JSON.stringify(before) !== JSON.stringify(runtime);
  const settings = {
    clip: t.clip,
    optimizer: t.optimizer,
    learningRate: t.learningRate,
    backend: run.config.backend,
    implementation: run.config.implementation,
    runtime,
    ...(changed ? { resumedRuntimes: [before] } : {}),
  };
  const from = resume?.checkpoint ?? null;
  if (resume) truncateRunFiles(runDir, from?.meta.step ?? 0);
  const progress = new Progress(label, t.steps, from?.meta.step ?? 0);
  const sink = new RunSink(runDir, from !== null);
  let built: ReturnType<PreparedRun["create"]> | undefined;
  try {
    await useBackend(run.config.backend);
    built = run.prepared.create();
    const checkpoints = runCheckpoints(run, runDir, sink, from);
    const outcome = await runLoop(built.task, t, sink, progress, control, checkpoints);
    const extras = (await built.task.summaryExtras?.()) ?? {};
    const entry = runSummary(run.id, built.model, settings, outcome, extras);
    progress.done(describeOutcome(entry));
    return entry;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    sink.event({ type: "status", step: 0, status: "failed", reason });
    sink.flush();
    progress.done(`failed: ${reason}`);
    if (Deno.env.get("RNNLAB_DEBUG")) console.error(error);
    return runSummary(
      run.id,
      built?.model ?? emptyModel(run.config),
      settings,
      emptyOutcome("failed", reason),
    );
  } finally {
    built?.dispose();
    // Reclaim anything a crashed step left behind, so the next run starts clean.
    if (built) tf.disposeVariables();
  }
}

function describeOutcome(r: RunSummary): string {
  if (r.status !== "finished") return `${r.status}${r.reason ? ` (${r.reason})` : ""}`;
  const bpc = r.valBpc != null ? `val bpc ${r.valBpc.toFixed(3)}, ` : "";
  const speed = r.charsPerSec != null ? `${Math.round(r.charsPerSec)} chars/s, ` : "";
  return `finished: ${bpc}${speed}${r.wallSeconds.toFixed(1)} s`;
}

function emptyModel(config: RunConfig) {
  return {
    cell: config.model.cell,
    hidden: config.model.hidden,
    layers: config.model.layers,
    embedding: config.model.embedding,
    params: 0,
    recurrentParams: 0,
  };
}

function skippedRun(id: string, config: RunConfig): RunSummary {
  const outcome = emptyOutcome("interrupted", "not started: the experiment was interrupted");
  return runSummary(id, emptyModel(config), {
    clip: config.training.clip,
    optimizer: config.training.optimizer,
    learningRate: config.training.learningRate,
    backend: config.backend,
    implementation: config.implementation,
  }, outcome);
}
