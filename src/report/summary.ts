/**
 * The types of `summary.json` (declared once, here: what the experiment layer writes and every
 * report reads) and `summary.csv`, its scalar columns. Task-specific entries are declared by their
 * task (`src/tasks/`) and contributed through the task registry.
 * @module
 */
import { stringify } from "@std/csv";
import type { ModelInfo } from "../tasks/prepared.ts";
import type { SeriesSummaryEntry } from "../tasks/forecast.ts";
import type { MemoryEntry } from "../tasks/memory.ts";

/** How a run ended (the training loop's outcome, as written to `summary.json`). */
export type RunStatus = "finished" | "diverged" | "interrupted" | "failed";

/** The product path a run resolved (`src/backend/blas.ts`'s `Runtime`). */
export interface RunRuntime {
  products: "blas" | "wasm";
  blas: { path: string; version: string; threads: number | null } | null;
}

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
  /** What the run resolved: matrix products on a system BLAS or wasm (absent in old outputs). */
  runtime?: RunRuntime;
  /** Runtimes of earlier parts of a resumed run, when they differed from `runtime`. */
  resumedRuntimes?: RunRuntime[];
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
  /** Forecast tasks: per series, every neural model and baseline on the test split. */
  series?: SeriesSummaryEntry[];
  /** Long-memory tasks: one entry per run (task, lag, cell, solved). */
  tasks?: MemoryEntry[];
  [extra: string]: unknown;
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
