/**
 * The `lecture` suite: run `lstm-vs-rnn`, `clipping`, `long-memory` and the init study `lstm-init`
 * into `<out>/<experiment>/`, then write `<out>/lecture.md` with a verdict for each of the
 * lecture's claims (C1–C7) and whether C2 depends on the LSTM's init.
 * @module
 */
import { loadExperiment } from "../config/mod.ts";
import type { LoopControl } from "../train/loop.ts";
import type { ExperimentSummary } from "../report/mod.ts";
import {
  type ClaimResult,
  evaluateClaims,
  type LectureInputs,
  lectureMarkdown,
} from "../report/lecture.ts";
import { claimOutDir } from "./outdir.ts";
import { prepareRuns, runExperiment } from "./run.ts";

/** The suite's experiments, by the {@link LectureInputs} key they fill. */
export const LECTURE_EXPERIMENTS: Readonly<Record<keyof LectureInputs, string>> = {
  lstmVsRnn: "lstm-vs-rnn",
  clipping: "clipping",
  longMemory: "long-memory",
  lstmInit: "lstm-init",
};

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
 * one by one, then write `lecture.md`. Returns the summaries that were written.
 */
export async function runLecture(options: LectureOptions): Promise<ExperimentSummary[]> {
  const loaded = [];
  for (const [key, name] of Object.entries(LECTURE_EXPERIMENTS)) {
    const experiment = await loadExperiment(name, { quick: options.quick, sets: options.sets });
    loaded.push({
      key: key as keyof LectureInputs,
      name,
      experiment,
      runs: await prepareRuns(experiment),
    });
  }
  claimOutDir(options.outDir);
  const inputs: LectureInputs = {};
  const sources: Record<string, string> = {};
  const summaries: ExperimentSummary[] = [];
  for (const { key, name, experiment, runs } of loaded) {
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
    inputs[key] = summary;
    sources[name] = name;
    summaries.push(summary);
  }
  const claims = evaluateClaims(inputs);
  Deno.writeTextFileSync(
    `${options.outDir}/lecture.md`,
    lectureMarkdown(claims, sources, options.quick, inputs),
  );
  for (const c of claims) console.error(`${c.id}: ${c.verdict} (${c.reason})`);
  return summaries;
}

/**
 * Rebuild `<dir>/lecture.md` from the `summary.json` files of a finished suite (e.g. after a rule
 * changed), without training anything. Missing experiments leave their claims inconclusive.
 */
export function rewriteLecture(dir: string): ClaimResult[] {
  const inputs: LectureInputs = {};
  const sources: Record<string, string> = {};
  let quick = false;
  for (const [key, name] of Object.entries(LECTURE_EXPERIMENTS)) {
    try {
      const summary = JSON.parse(Deno.readTextFileSync(`${dir}/${name}/summary.json`));
      inputs[key as keyof LectureInputs] = summary;
      sources[name] = name;
      quick ||= summary.quick === true;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  const claims = evaluateClaims(inputs);
  Deno.writeTextFileSync(`${dir}/lecture.md`, lectureMarkdown(claims, sources, quick, inputs));
  return claims;
}
