/**
 * A run's sink: what the trainer measured, written as `metrics.csv`, `events.jsonl` and
 * `samples.md` in the run directory. Rows are appended and flushed at every eval, so a run killed
 * hard leaves readable files up to the last flush. The report reads only these files.
 * @module
 */
import { stringify } from "@std/csv";

/** Columns of `metrics.csv`, in order. */
export const METRIC_COLUMNS = [
  "step",
  "trainLoss",
  "gradNorm",
  "gradNormClipped",
  "clipped",
  "valLoss",
  "valBpc",
  "valPpl",
  "charsPerSec",
  "wallSeconds",
  "liveTensors",
  "liveBytes",
] as const;

/** One `metrics.csv` row; eval-only columns are absent on other steps. */
export type MetricRow = Partial<Record<typeof METRIC_COLUMNS[number], number | boolean>> & {
  step: number;
};

/** One `events.jsonl` line. */
export interface RunEvent {
  type: "step" | "eval" | "sample" | "status" | "gradFlow" | "checkpoint" | "scored";
  step: number;
  [key: string]: unknown;
}

/** Appends a run's metrics, events and samples to files in `dir`. */
export class RunSink {
  readonly dir: string;
  private rows: MetricRow[] = [];
  private events: RunEvent[] = [];
  private wroteHeader: boolean;

  /** `append` continues existing files (resume) instead of starting new ones. */
  constructor(dir: string, append = false) {
    this.dir = dir;
    this.wroteHeader = append;
    if (!append) {
      Deno.writeTextFileSync(`${dir}/events.jsonl`, "");
      Deno.writeTextFileSync(`${dir}/samples.md`, "");
    }
  }

  /** Queue a metrics row (written at the next flush). */
  metric(row: MetricRow): void {
    this.rows.push(row);
  }

  /** Queue an event (written at the next flush). */
  event(event: RunEvent): void {
    this.events.push(event);
  }

  /** Append a sample to `samples.md` at once. */
  sample(step: number, text: string, quality: number): void {
    const fence = "```";
    Deno.writeTextFileSync(
      `${this.dir}/samples.md`,
      `## step ${step} (quality ${quality.toFixed(3)})\n\n${fence}text\n${text}\n${fence}\n\n`,
      { append: true },
    );
  }

  /**
   * Write a file of the run's own (e.g. a task's forecasts) into the run folder at once, whole:
   * to a temporary file, then renamed, so a reader never sees half of it.
   */
  file(name: string, text: string): void {
    const path = `${this.dir}/${name}`;
    Deno.writeTextFileSync(`${path}.tmp`, text);
    Deno.renameSync(`${path}.tmp`, path);
  }

  /** Write everything queued. */
  flush(): void {
    if (this.rows.length) {
      const data = this.rows.map((r) =>
        Object.fromEntries(METRIC_COLUMNS.map((c) => [c, formatCell(r[c])]))
      );
      const csv = stringify(data, { columns: [...METRIC_COLUMNS], headers: !this.wroteHeader });
      Deno.writeTextFileSync(`${this.dir}/metrics.csv`, csv, { append: this.wroteHeader });
      this.wroteHeader = true;
      this.rows = [];
    }
    if (this.events.length) {
      const lines = this.events.map((e) => JSON.stringify(e)).join("\n") + "\n";
      Deno.writeTextFileSync(`${this.dir}/events.jsonl`, lines, { append: true });
      this.events = [];
    }
  }
}

function formatCell(value: number | boolean | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "boolean") return value ? "1" : "0";
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(7)));
}
