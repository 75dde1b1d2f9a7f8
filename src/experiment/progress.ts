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
