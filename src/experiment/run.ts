/**
 * Run every run of an experiment into an output folder: check all inputs first (bad input fails
 * before anything is written), then train the runs (one by one, or `--jobs N` at a time in worker
 * processes), write the summary and the report. A diverged run is a result; a crashed run is
 * recorded as `failed` and the grid goes on.
 * @module
 */
import type { ExperimentConfig, RunConfig } from "../config/schema.ts";
import { BLAS_ENV, FALLBACK_NOTE } from "../backend/mod.ts";
import { FUSED_BACKENDS } from "../models/fused/mod.ts";
import { InputError } from "../errors.ts";
import { checkTaskRuns, setupRun, type TextBaseline } from "../tasks/mod.ts";
import type { LoopControl } from "../train/loop.ts";
import { type ExperimentSummary, type RunSummary, writeReport } from "../report/mod.ts";
import { RunBoard } from "./progress.ts";
import { writeSummary } from "./summary.ts";
import type { ResumePlan } from "./resume.ts";
import { type PlannedRun, resolveRunProducts, skippedRun, trainRun } from "./train_run.ts";
import { type ChildRun, trainInChildren } from "./children.ts";
import { type Shard, SHARD_MANIFEST, shardManifest, shardRuns } from "./shard.ts";

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
  /** Runs trained at once, in that many worker processes when more than one (default 1). */
  jobs?: number;
  /** Train only this shard of the runs, and write its `shard.json`. */
  shard?: Shard;
}

/** Check every run's inputs; throws InputError on the first bad one. */
export async function prepareRuns(
  experiment: LoadedExperiment,
): Promise<PlannedRun[]> {
  const cache = new Map<string, unknown>();
  const out = [];
  let fellBack = false;
  checkTaskRuns(experiment.config.task, experiment.runs, experiment.file);
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

/**
 * Train every run into `options.outDir` (`options.jobs` at a time, then in worker processes)
 * and write summary and report; returns the summary. `runs` are every run of the experiment
 * (experiment-level entries, e.g. corpus baselines, come from all of them); with `options.shard`
 * only the shard's runs train and appear in the summary, and `shard.json` lists them.
 */
export async function runExperiment(
  experiment: LoadedExperiment,
  runs: PlannedRun[],
  options: ExperimentOptions,
): Promise<ExperimentSummary> {
  const { config } = experiment;
  const summary: ExperimentSummary = {
    experiment: config.name,
    description: config.description,
    task: config.task,
    createdAt: options.resume?.createdAt ?? new Date().toISOString(),
    quick: options.quick,
    baselines: [], // filled in below, before any run ends (dropped when none)
    runs: [],
  };
  // The runs this process trains: the shard's, or all.
  const mine = options.shard ? shardRuns(runs, options.shard) : runs;
  if (options.shard) {
    const manifest = await shardManifest(
      config.name,
      options.quick,
      options.shard,
      experiment.runs,
    );
    const path = `${options.outDir}/${SHARD_MANIFEST}`;
    Deno.writeTextFileSync(path, JSON.stringify(manifest, null, 2) + "\n");
  }
  // Entries by run position, so the summary keeps the experiment's order however runs end.
  const entries: (RunSummary | undefined)[] = mine.map(() => undefined);
  const save = (index: number, entry: RunSummary) => {
    entries[index] = entry;
    summary.runs = entries.filter((e) => e !== undefined);
    writeSummary(options.outDir, summary);
  };
  const toTrain: number[] = [];
  for (const [index, run] of mine.entries()) {
    const runDir = `${options.outDir}/${run.id}`;
    Deno.mkdirSync(runDir, { recursive: true });
    const resume = options.resume?.runs.get(run.id);
    // What was asked for, then the product path it resolves to here (a child process resolves
    // the same); resume and merge compare only the former. A skipped run keeps its file.
    if (resume?.action === "skip" && resume.previous) {
      entries[index] = resume.previous;
      continue;
    }
    const config = { ...run.config, runtime: resolveRunProducts(run.config) };
    Deno.writeTextFileSync(`${runDir}/config.json`, JSON.stringify(config, null, 2) + "\n");
    toTrain.push(index);
  }
  const label = (index: number) => `[${index + 1}/${mine.length}] ${mine[index].id}`;
  const jobs = Math.min(options.jobs ?? 1, toTrain.length);
  // Workers start first (their processes load while this one goes on), so the experiment-level
  // baselines (the n-gram fit) overlap their start; no run ends before they are in the summary.
  const training = jobs > 1 ? trainInWorkers() : undefined;
  const baselines = uniqueBaselines(runs.flatMap((r) => r.prepared.baselines?.() ?? []));
  if (baselines.length) summary.baselines = baselines;
  else delete summary.baselines;
  if (training) await training;
  else {
    // One run after another in this process, on the same board: the ETA is the experiment's.
    const board = runBoard();
    for (const index of toTrain) {
      const run = mine[index];
      if (options.control.interrupted) {
        entries[index] = skippedRun(run.id, run.config);
        continue;
      }
      const resume = options.resume?.runs.get(run.id);
      const runDir = `${options.outDir}/${run.id}`;
      board.start(index);
      const reporter = {
        update: (step: number, note: string) => board.update(index, step, note),
        done: (message: string) => board.done(index, message),
      };
      save(index, await trainRun(run, runDir, reporter, options.control, resume));
    }
  }
  summary.runs = entries.filter((e) => e !== undefined);
  writeSummary(options.outDir, summary);
  await writeReport(options.outDir);
  return summary;

  /** The progress display of the runs to train: each active run and the overall ETA. */
  function runBoard(): RunBoard {
    return new RunBoard(
      new Map(toTrain.map((index) => {
        const run = mine[index];
        const startStep = options.resume?.runs.get(run.id)?.checkpoint?.meta.step ?? 0;
        return [index, { label: label(index), total: run.config.training.steps, startStep }];
      })),
    );
  }

  /** Train `toTrain` in `jobs` worker processes (`children.ts`). */
  function trainInWorkers(): Promise<void> {
    const board = runBoard();
    const children = toTrain.map((index): ChildRun => {
      const run = mine[index];
      const resume = options.resume?.runs.get(run.id);
      return {
        index,
        id: run.id,
        config: run.config,
        runDir: `${options.outDir}/${run.id}`,
        resume: resume
          ? { checkpoint: resume.checkpoint !== null, runtime: resume.runtime }
          : undefined,
      };
    });
    return trainInChildren(experiment.file, children, jobs, options.control, board, save);
  }
}

/** Baselines computed once per corpus: one entry per id and corpus. */
function uniqueBaselines(all: TextBaseline[]): TextBaseline[] {
  const seen = new Map<string, TextBaseline>();
  for (const b of all) seen.set(`${b.id} ${b.corpus}`, seen.get(`${b.id} ${b.corpus}`) ?? b);
  return [...seen.values()];
}
