/**
 * The types of `summary.json` (declared once, here: what the experiment layer writes and every
 * report reads) and `summary.csv`, its scalar columns. Task-specific entries are declared by their
 * task (`src/tasks/`) and contributed through the task registry.
 * @module
 */
import { stringify } from "@std/csv";
import type { ModelInfo, TextBaseline } from "../tasks/prepared.ts";
import type { SeriesSummaryEntry } from "../tasks/forecast.ts";
import type { EnsembleFacts } from "../tasks/forecast_ensemble.ts";
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
  /**
   * Step of the scored checkpoint (`evaluation.checkpoint`) whose whole-split numbers `val*` and
   * `test*` are (text runs: over the first `evaluation.batches` batches of each split when that is
   * above 0); null when the run was not scored (then `val*` are the last periodic eval's).
   */
  scoredStep?: number | null;
  valLoss: number | null;
  valBpc: number | null;
  valPpl: number | null;
  /** Text runs with a test split: the scored checkpoint on the test split (as `val*`). */
  testLoss?: number | null;
  testBpc?: number | null;
  testPpl?: number | null;
  trainLoss: number | null;
  charsPerSec: number | null;
  clipRate: number | null;
  gradNorm: { median: number | null; max: number | null };
  wallSeconds: number;
  clip: { mode: string; threshold: number };
  optimizer: string;
  learningRate: number;
  /** Adam's ε (null for other optimisers; absent in summaries written before it was a key). */
  adamEpsilon?: number | null;
  seed?: number;
  /** `evaluation.checkpoint`: which weights the run is scored at. */
  scoredCheckpoint?: "best" | "last";
  /** `evaluation.initialState`: the state each evaluation pass starts from. */
  evalInitialState?: "zero";
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
  /** Forecast tasks: `forecast.ensemble`, and the runs each seed group's ensemble averaged. */
  ensemble?: EnsembleFacts;
  /** Long-memory tasks: one entry per run (task, lag, cell, solved). */
  tasks?: MemoryEntry[];
  /** Text tasks: baselines scored once per corpus (the n-gram model). */
  baselines?: TextBaseline[];
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
  "seed",
  "scoredStep",
  "valLoss",
  "valBpc",
  "valPpl",
  "testLoss",
  "testBpc",
  "testPpl",
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
