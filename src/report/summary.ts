/**
 * `summary.json` and `summary.csv`: one entry per run, built from what the loop measured.
 * @module
 */
import { stringify } from "@std/csv";
import type { LoopOutcome, RunStatus } from "../train/loop.ts";
import type { ModelInfo } from "../tasks/prepared.ts";

/** One run in `summary.json`. Metrics of a diverged or failed run are null. */
export interface RunSummary extends ModelInfo {
  id: string;
  status: RunStatus;
  reason?: string;
  steps: number;
  charsSeen: number;
  valLoss: number | null;
  valBpc: number | null;
  valPpl: number | null;
  trainLoss: number | null;
  charsPerSec: number | null;
  clipRate: number | null;
  gradNorm: { median: number | null; max: number | null };
  wallSeconds: number;
  clip: { mode: string; threshold: number };
  optimizer: string;
  learningRate: number;
  backend: string;
  implementation: string;
  evals: ({ step: number } & Record<string, number>)[];
  samples: { step: number; text: string; quality: number }[];
  [extra: string]: unknown;
}

/** The whole `summary.json`. */
export interface ExperimentSummary {
  experiment: string;
  description: string;
  task: string;
  createdAt: string;
  quick: boolean;
  corpus?: unknown;
  runs: RunSummary[];
  [extra: string]: unknown;
}

/** A run's summary entry from its model facts, settings and loop outcome. */
export function runSummary(
  id: string,
  model: ModelInfo,
  settings: Pick<RunSummary, "clip" | "optimizer" | "learningRate" | "backend" | "implementation">,
  outcome: LoopOutcome,
  extras: Record<string, unknown> = {},
): RunSummary {
  const ok = outcome.status === "finished" || outcome.status === "interrupted";
  const last = ok ? outcome.lastEval : null;
  return {
    id,
    ...model,
    status: outcome.status,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    steps: outcome.steps,
    charsSeen: outcome.itemsSeen,
    valLoss: last?.valLoss ?? null,
    valBpc: last?.valBpc ?? null,
    valPpl: last?.valPpl ?? null,
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

const CSV_COLUMNS = [
  "id",
  "status",
  "cell",
  "hidden",
  "layers",
  "embedding",
  "params",
  "recurrentParams",
  "steps",
  "charsSeen",
  "valLoss",
  "valBpc",
  "valPpl",
  "trainLoss",
  "charsPerSec",
  "clipRate",
  "gradNormMedian",
  "gradNormMax",
  "wallSeconds",
] as const;

/** `summary.csv`: the scalar columns of every run. */
export function summaryCsv(summary: ExperimentSummary): string {
  const rows = summary.runs.map((r) => {
    const flat: Record<string, unknown> = {
      ...r,
      gradNormMedian: r.gradNorm.median,
      gradNormMax: r.gradNorm.max,
    };
    return Object.fromEntries(CSV_COLUMNS.map((c) => [c, flat[c] == null ? "" : String(flat[c])]));
  });
  return stringify(rows, { columns: [...CSV_COLUMNS] });
}
