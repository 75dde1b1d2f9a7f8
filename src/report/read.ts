/**
 * Read an experiment output folder back: `summary.json`, and per run `metrics.csv`,
 * `events.jsonl`, `config.json`, `samples.md`. The report, compare and regress read only this, so
 * they can be rebuilt from a results folder alone.
 * @module
 */
import { METRIC_COLUMNS } from "../metrics/sink.ts";
import { parse } from "@std/csv";
import { join } from "node:path";
import { InputError } from "../errors.ts";
import type { SeriesSummaryEntry } from "../tasks/forecast.ts";
import type { EnsembleFacts } from "../tasks/forecast_ensemble.ts";
import type { MemoryEntry } from "../tasks/memory.ts";
import type { ExperimentSummary } from "./summary.ts";

/** One eval point of a run, as stored in `summary.json`. */
export interface SummaryEval {
  step: number;
  valLoss?: number | null;
  valBpc?: number | null;
}

/** One gradient-flow profile: ‖∂L_T/∂h_{T−k}‖ for k = 0..K at one eval step and layer. */
export interface GradFlowProfile {
  step: number;
  layer: number;
  norms: number[];
  decayPerStep: number | null;
}

/** One run's entry in `summary.json` (fields other issues add are optional). */
export interface SummaryRun {
  id: string;
  cell?: string;
  hidden?: number;
  layers?: number;
  embedding?: number;
  params?: number | null;
  recurrentParams?: number | null;
  status?: string;
  steps?: number;
  charsSeen?: number;
  valLoss?: number | null;
  valBpc?: number | null;
  valPpl?: number | null;
  trainLoss?: number | null;
  charsPerSec?: number | null;
  clipRate?: number | null;
  gradNorm?: { median: number | null; max: number | null } | null;
  wallSeconds?: number | null;
  clip?: { mode: string; threshold?: number | null } | null;
  evals?: SummaryEval[];
  samples?: { step: number; text: string; quality?: unknown }[];
  gradFlow?: GradFlowProfile[];
  [key: string]: unknown;
}

/**
 * One forecasting series entry (declared by the forecast task), plus forecast-vs-actual data when
 * an output carries it.
 */
export type SeriesEntry = SeriesSummaryEntry & {
  forecast?: unknown;
  actual?: unknown;
  index?: unknown;
};

/**
 * `summary.json` as read back: the written {@link ExperimentSummary} with the fields older outputs
 * lack made optional (a compile-time check below keeps every written summary readable).
 */
export interface Summary {
  experiment: string;
  description?: string;
  createdAt?: string;
  backend?: string;
  quick?: boolean;
  runs: SummaryRun[];
  series?: SeriesEntry[];
  tasks?: MemoryEntry[];
  /** Forecast tasks: the seed-group ensembles (`forecast.ensemble`). */
  ensemble?: EnsembleFacts;
  [key: string]: unknown;
}

// The read view must accept whatever the experiment layer writes (report/summary.ts).
const _writtenIsReadable = (written: ExperimentSummary): Summary => written;

/** One row of `metrics.csv`; empty cells are null. */
export interface MetricsRow {
  step: number;
  trainLoss: number | null;
  gradNorm: number | null;
  gradNormClipped: number | null;
  clipped: boolean | null;
  valLoss: number | null;
  valBpc: number | null;
  valPpl: number | null;
  charsPerSec: number | null;
  wallSeconds: number | null;
  liveTensors: number | null;
  liveBytes: number | null;
  /** Any other numeric columns a later trainer writes. */
  [column: string]: number | boolean | null;
}

/** One line of `events.jsonl`. */
export interface RunEvent {
  type: string;
  step: number;
  [key: string]: unknown;
}

/** Everything stored for one run. Files that are absent read as empty. */
export interface RunOutput {
  id: string;
  summary: SummaryRun;
  metrics: MetricsRow[];
  events: RunEvent[];
  config: Record<string, unknown> | null;
  samplesMarkdown: string | null;
}

/** An output folder read back. */
export interface OutputFolder {
  dir: string;
  summary: Summary;
  runs: RunOutput[];
  /** `report.md` if the folder has one. */
  reportMarkdown: string | null;
}

async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/**
 * Parse and check `summary.json` text.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { parseSummary } from "./read.ts";
 * const s = parseSummary('{"experiment":"x","runs":[{"id":"lstm","valBpc":3.1}]}', "summary.json");
 * assert(s.runs[0].id === "lstm");
 * ```
 */
export function parseSummary(text: string, where: string): Summary {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(
      where,
      `is not valid JSON (${(e as Error).message})`,
      "rerun the experiment",
    );
  }
  const s = value as Summary;
  if (typeof s !== "object" || s === null || !Array.isArray(s.runs)) {
    throw new InputError(where, "has no runs array", "point at an experiment output folder");
  }
  for (const [i, run] of s.runs.entries()) {
    if (typeof run?.id !== "string") {
      throw new InputError(`${where}: runs[${i}].id`, "is missing", "rerun the experiment");
    }
  }
  if (typeof s.experiment !== "string") s.experiment = "experiment";
  return s;
}

const BOOLEAN_COLUMNS = new Set(["clipped"]);

/**
 * Parse `metrics.csv` text into rows; empty cells become null, `clipped` becomes a boolean.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { parseMetricsCsv } from "./read.ts";
 * const rows = parseMetricsCsv("step,trainLoss,clipped,valLoss\n1,4.2,false,\n2,4.0,true,3.9\n", "m.csv");
 * assert(rows[1].valLoss === 3.9 && rows[0].valLoss === null && rows[1].clipped === true);
 * ```
 */
export function parseMetricsCsv(text: string, where: string): MetricsRow[] {
  if (text.trim() === "") return [];
  const records = parse(text, { skipFirstRow: true }) as Record<string, string>[];
  return records.map((record, i) => {
    const row: Record<string, number | boolean | null> = {};
    for (const [column, cell] of Object.entries(record)) {
      const raw = (cell ?? "").trim();
      if (raw === "") row[column] = null;
      else if (BOOLEAN_COLUMNS.has(column)) row[column] = raw === "true" || raw === "1";
      else {
        const n = Number(raw);
        if (!Number.isFinite(n) && !/^-?(Infinity|NaN)$/.test(raw)) {
          throw new InputError(
            `${where}: row ${i + 2}, column ${column}`,
            `"${raw}" is not a number`,
            "rerun the experiment or fix the file",
          );
        }
        row[column] = n;
      }
    }
    if (typeof row.step !== "number") {
      throw new InputError(`${where}: row ${i + 2}`, "has no step", "rerun the experiment");
    }
    for (const column of METRIC_COLUMNS) row[column] ??= null;
    return row as MetricsRow;
  });
}

/** Parse `events.jsonl` text: one JSON object per non-empty line. */
export function parseEvents(text: string, where: string): RunEvent[] {
  const events: RunEvent[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    try {
      events.push(JSON.parse(line) as RunEvent);
    } catch {
      // A run killed mid-write leaves a torn last line; anything else is corruption.
      if (i >= text.trimEnd().split("\n").length - 1) continue;
      throw new InputError(`${where}: line ${i + 1}`, "is not valid JSON", "rerun the experiment");
    }
  }
  return events;
}

/**
 * Read an experiment output folder (`summary.json` plus each run's files).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { readOutput } from "./read.ts";
 * const out = await readOutput("tests/fixtures/report/sample-out");
 * assert(out.runs.length === out.summary.runs.length);
 * ```
 */
export async function readOutput(dir: string): Promise<OutputFolder> {
  const summaryPath = join(dir, "summary.json");
  const text = await readTextIfExists(summaryPath);
  if (text === null) {
    throw new InputError(
      summaryPath,
      "does not exist",
      "pass an experiment output folder (deno task experiment <name> --out DIR writes one)",
    );
  }
  const summary = parseSummary(text, summaryPath);
  const runs = await Promise.all(summary.runs.map(async (run): Promise<RunOutput> => {
    const runDir = join(dir, run.id);
    const [metricsText, eventsText, configText, samplesMarkdown] = await Promise.all([
      readTextIfExists(join(runDir, "metrics.csv")),
      readTextIfExists(join(runDir, "events.jsonl")),
      readTextIfExists(join(runDir, "config.json")),
      readTextIfExists(join(runDir, "samples.md")),
    ]);
    let config: Record<string, unknown> | null = null;
    if (configText !== null) {
      try {
        config = JSON.parse(configText);
      } catch {
        throw new InputError(join(runDir, "config.json"), "is not valid JSON", "rerun the run");
      }
    }
    return {
      id: run.id,
      summary: run,
      metrics: metricsText === null
        ? []
        : parseMetricsCsv(metricsText, join(runDir, "metrics.csv")),
      events: eventsText === null ? [] : parseEvents(eventsText, join(runDir, "events.jsonl")),
      config,
      samplesMarkdown,
    };
  }));
  const reportMarkdown = await readTextIfExists(join(dir, "report.md"));
  return { dir, summary, runs, reportMarkdown };
}

/** Read just `summary.json` of an output folder. */
export async function readSummary(dir: string): Promise<Summary> {
  const path = join(dir, "summary.json");
  const text = await readTextIfExists(path);
  if (text === null) {
    throw new InputError(path, "does not exist", "pass an experiment output folder");
  }
  return parseSummary(text, path);
}
