/**
 * A run's `summary.json` entry from what the loop measured, and writing `summary.json` and
 * `summary.csv` with each task's experiment-level entries (from the task registry).
 * @module
 */
import type { LoopOutcome } from "../train/loop.ts";
import type { ModelInfo } from "../tasks/mod.ts";
import { summarizeTask } from "../tasks/mod.ts";
import type { TaskName } from "../config/schema.ts";
import { type ExperimentSummary, type RunSummary, summaryCsv } from "../report/mod.ts";

/** The settings a summary entry states. */
export type RunSettings = Pick<
  RunSummary,
  | "clip"
  | "optimizer"
  | "learningRate"
  | "adamEpsilon"
  | "seed"
  | "scoredCheckpoint"
  | "evalInitialState"
  | "backend"
  | "implementation"
  | "runtime"
  | "resumedRuntimes"
>;

/**
 * A run's summary entry from its model facts, settings and loop outcome. A finished run that was
 * scored ({@link LoopOutcome.scored}) reports the scored checkpoint's numbers (`val*`, `test*`,
 * `scoredStep`); otherwise the last periodic eval's.
 */
export function runSummary(
  id: string,
  model: ModelInfo,
  settings: RunSettings,
  outcome: LoopOutcome,
  extras: Record<string, unknown> = {},
): RunSummary {
  const ok = outcome.status === "finished" || outcome.status === "interrupted";
  const last = ok ? outcome.scored?.metrics ?? outcome.lastEval : null;
  return {
    id,
    ...model,
    status: outcome.status,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    steps: outcome.steps,
    charsSeen: outcome.itemsSeen,
    scoredStep: outcome.scored?.step ?? null,
    valLoss: last?.valLoss ?? null,
    valBpc: last?.valBpc ?? null,
    valPpl: last?.valPpl ?? null,
    ...(last && "testLoss" in last
      ? { testLoss: last.testLoss, testBpc: last.testBpc, testPpl: last.testPpl }
      : {}),
    trainLoss: ok ? outcome.trainLoss : null,
    charsPerSec: outcome.itemsPerSec,
    clipRate: outcome.clipRate,
    gradNorm: outcome.gradNorm,
    wallSeconds: outcome.wallSeconds,
    ...settings,
    evals: outcome.evals,
    samples: outcome.samples,
    ...extras,
  };
}

/**
 * Write `summary.json` (with the task's experiment-level entries, from the run entries and the
 * files in the run folders) and `summary.csv`.
 */
export function writeSummary(outDir: string, summary: ExperimentSummary): void {
  const read = (run: string, name: string) => readOrNull(`${outDir}/${run}/${name}`);
  Object.assign(summary, summarizeTask(summary.task as TaskName, summary.runs, read));
  Deno.writeTextFileSync(`${outDir}/summary.json`, JSON.stringify(summary, null, 2) + "\n");
  Deno.writeTextFileSync(`${outDir}/summary.csv`, summaryCsv(summary));
}

/** A file's text, or null when it does not exist. */
function readOrNull(path: string): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}
