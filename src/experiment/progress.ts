/**
 * Progress on stderr: a bar with ETA on a terminal, plain periodic lines otherwise (CI, pipes).
 * The training loop reports through its {@link ProgressReporter} seam; this is the display.
 * @module
 */
import type { ProgressReporter } from "../train/loop.ts";

const encoder = new TextEncoder();

/** Progress of one run of `total` steps. */
export class Progress implements ProgressReporter {
  private readonly start = performance.now();
  private readonly tty = Deno.stderr.isTerminal();
  private lastLine = 0;
  private lastStep = 0;

  constructor(readonly label: string, readonly total: number, readonly startStep = 0) {}

  /** Report that `step` of `total` is done; `note` is e.g. the current loss. */
  update(step: number, note = ""): void {
    const now = performance.now();
    const done = step - this.startStep;
    const elapsed = (now - this.start) / 1000;
    const eta = done > 0 ? (elapsed / done) * (this.total - step) : NaN;
    const text = `${this.label} ${step}/${this.total} ${note} ETA ${formatSeconds(eta)}`;
    if (this.tty) {
      const width = 24;
      const filled = Math.round((step / this.total) * width);
      const bar = "#".repeat(filled) + ".".repeat(width - filled);
      Deno.stderr.writeSync(encoder.encode(`\r[${bar}] ${text}\x1b[K`));
    } else if (
      step === this.total || now - this.lastLine > 10_000 ||
      step - this.lastStep >= Math.max(1, Math.ceil(this.total / 5))
    ) {
      Deno.stderr.writeSync(encoder.encode(text + "\n"));
      this.lastLine = now;
      this.lastStep = step;
    }
  }

  /** Finish the run's line with a final message. */
  done(message: string): void {
    const prefix = this.tty ? "\r\x1b[K" : "";
    Deno.stderr.writeSync(encoder.encode(`${prefix}${this.label}: ${message}\n`));
  }
}

/**
 * `m:ss` for a duration in seconds ("?" when unknown).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { formatSeconds } from "./progress.ts";
 * assert(formatSeconds(75) === "1:15" && formatSeconds(NaN) === "?");
 * ```
 */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** A run on the {@link RunBoard}. */
export interface BoardRun {
  label: string;
  /** Its last step. */
  total: number;
  /** The step it starts from (a resumed run's checkpoint). */
  startStep: number;
}

/**
 * Progress of runs trained at once (`--jobs N`): on a terminal, one live line per active run and
 * an overall line with the ETA of the whole experiment; otherwise (CI, pipes) plain lines now and
 * then, and each run's last line.
 */
export class RunBoard {
  private readonly tty = Deno.stderr.isTerminal();
  private readonly began = performance.now();
  private readonly steps = new Map<number, number>();
  private readonly notes = new Map<number, string>();
  private readonly active: number[] = [];
  private readonly lastLine = new Map<number, { at: number; step: number }>();
  private drawn = 0;
  private lastDraw = 0;
  private ended = 0;
  private readonly totalSteps: number;

  constructor(private readonly runs: ReadonlyMap<number, BoardRun>) {
    this.totalSteps = [...runs.values()].reduce((sum, r) => sum + r.total - r.startStep, 0);
  }

  /** The run at `index` has started. */
  start(index: number): void {
    this.active.push(index);
    this.steps.set(index, this.runs.get(index)!.startStep);
    this.lastLine.set(index, { at: performance.now(), step: this.runs.get(index)!.startStep });
    this.draw(true);
  }

  /** The run at `index` finished `step`. */
  update(index: number, step: number, note: string): void {
    this.steps.set(index, step);
    this.notes.set(index, note);
    if (this.tty) return this.draw(false);
    const run = this.runs.get(index)!;
    const last = this.lastLine.get(index)!;
    const now = performance.now();
    if (now - last.at > 10_000 || step - last.step >= Math.max(1, Math.ceil(run.total / 5))) {
      this.lastLine.set(index, { at: now, step });
      this.write(`${this.line(index)} | ${this.overall()}\n`);
    }
  }

  /** The run at `index` ended with `message`. */
  done(index: number, message: string): void {
    const at = this.active.indexOf(index);
    if (at >= 0) this.active.splice(at, 1);
    this.ended++;
    const run = this.runs.get(index)!;
    this.steps.set(index, run.total);
    this.clear();
    this.write(`${run.label}: ${message}\n`);
    if (!this.tty) this.write(`${this.overall()}\n`);
    this.draw(true);
  }

  /** Completed steps of all runs over their steps, runs ended, and the ETA of the rest. */
  overall(): string {
    const done = [...this.steps.entries()].reduce(
      (sum, [i, step]) => sum + step - this.runs.get(i)!.startStep,
      0,
    );
    const elapsed = (performance.now() - this.began) / 1000;
    const eta = done > 0 ? (elapsed / done) * (this.totalSteps - done) : NaN;
    return `${this.ended}/${this.runs.size} runs ended, ${done}/${this.totalSteps} steps, ` +
      `ETA ${formatSeconds(eta)}`;
  }

  private line(index: number): string {
    const run = this.runs.get(index)!;
    const step = this.steps.get(index) ?? run.startStep;
    return `${run.label} ${step}/${run.total} ${this.notes.get(index) ?? ""}`.trimEnd();
  }

  private clear(): void {
    if (!this.tty || this.drawn === 0) return;
    this.write(`\x1b[${this.drawn}A\r\x1b[J`);
    this.drawn = 0;
  }

  private draw(force: boolean): void {
    if (!this.tty) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.clear();
    const lines = [...this.active.map((i) => this.line(i)), `overall: ${this.overall()}`];
    this.write(lines.map((l) => `${l}\x1b[K\n`).join(""));
    this.drawn = lines.length;
  }

  private write(text: string): void {
    Deno.stderr.writeSync(encoder.encode(text));
  }
}
