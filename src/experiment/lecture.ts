/**
 * The `lecture` suite: run `lstm-vs-rnn`, `clipping`, `long-memory` and the init study `lstm-init`
 * into `<out>/<experiment>/`, then write `<out>/lecture.md` with a verdict for each of the
 * lecture's claims (C1–C7) and whether C2 depends on the LSTM's init.
 * @module
 */
import { loadExperiment } from "../config/mod.ts";
import type { LoopControl } from "../train/loop.ts";
import { type ExperimentSummary, LECTURE_EXPERIMENTS, writeLecture } from "../report/mod.ts";
import { claimOutDir } from "./outdir.ts";
import { prepareRuns, runExperiment } from "./run.ts";

export { LECTURE_EXPERIMENTS } from "../report/mod.ts";

/** Options of {@link runLecture}. */
export interface LectureOptions {
  outDir: string;
  quick: boolean;
  /** `--set` overrides, applied to every experiment of the suite. */
  sets: string[];
  control: LoopControl;
  /** Runs of an experiment trained at once (`--jobs`). */
  jobs?: number;
}

/**
 * Check every experiment's inputs first (bad input fails before anything is written), run them
 * one by one, then write `lecture.md` from the folders written (as `deno task report` rebuilds
 * it). Returns the summaries that were written.
 */
export async function runLecture(options: LectureOptions): Promise<ExperimentSummary[]> {
  const loaded = [];
  for (const name of Object.values(LECTURE_EXPERIMENTS)) {
    const experiment = await loadExperiment(name, { quick: options.quick, sets: options.sets });
    loaded.push({
      name,
      experiment,
      runs: await prepareRuns(experiment),
    });
  }
  claimOutDir(options.outDir);
  const summaries: ExperimentSummary[] = [];
  for (const { name, experiment, runs } of loaded) {
    if (options.control.interrupted) break;
    const outDir = `${options.outDir}/${name}`;
    Deno.mkdirSync(outDir, { recursive: true });
    console.error(`lecture: ${name}, ${runs.length} run(s) → ${outDir}`);
    const summary = await runExperiment(experiment, runs, {
      outDir,
      quick: options.quick,
      control: options.control,
      jobs: options.jobs,
    });
    summaries.push(summary);
  }
  const claims = await writeLecture(options.outDir);
  for (const c of claims) console.error(`${c.id}: ${c.verdict} (${c.reason})`);
  return summaries;
}
