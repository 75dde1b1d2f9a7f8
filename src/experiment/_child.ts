/**
 * A worker process for `--jobs N` (see `children.ts`): it trains runs one after another, as
 * `--jobs 1` does in its own process, so the start of a process (Deno, the modules, tfjs and its
 * backend, the corpus) is paid once per worker, not once per run. The parent writes one
 * {@link ChildSpec} per line on stdin, the next one only after the previous run's result; the
 * worker trains it into its folder and reports on stdout, one protocol line per message
 * ({@link ChildMessage}). SIGINT/SIGTERM stop the current run after its step with a checkpoint
 * (the parent then sends no more runs); when stdin closes, the worker exits — at once if a run is
 * still training (the parent is gone, as a hard kill would leave it).
 * @module
 */
import type { RunConfig } from "../config/schema.ts";
import { setupRun } from "../tasks/mod.ts";
import type { LoopControl } from "../train/loop.ts";
import { readCheckpoint } from "../train/checkpoint.ts";
import type { RunRuntime, RunSummary } from "../report/mod.ts";
import { failedRun, type RunReporter, trainRun } from "./train_run.ts";
import { TextLineStream } from "@std/streams/text-line-stream";

/** What the parent asks a worker to do: one run. */
export interface ChildSpec {
  /** The experiment file (for messages and paths relative to it). */
  file: string;
  id: string;
  config: RunConfig;
  runDir: string;
  /**
   * `--resume`: continue the run, from its checkpoint if `checkpoint`; `runtime`: the product
   * path its earlier part ran on.
   */
  resume?: { checkpoint: boolean; runtime?: RunRuntime };
}

/** A message from the worker: a step done, the run's last line, or its summary entry. */
export type ChildMessage =
  | { type: "progress"; step: number; note: string }
  | { type: "done"; message: string }
  | { type: "result"; entry: RunSummary };

/** Protocol lines start with this, so anything else a library prints on stdout is ignored. */
export const MESSAGE_PREFIX = "@rnnlab-child ";

const encoder = new TextEncoder();

function send(message: ChildMessage): void {
  const bytes = encoder.encode(MESSAGE_PREFIX + JSON.stringify(message) + "\n");
  for (let written = 0; written < bytes.length;) {
    written += Deno.stdout.writeSync(bytes.subarray(written));
  }
}

/** Progress as protocol lines, at most every 200 ms (and always the last step). */
function childReporter(total: number): RunReporter {
  let last = 0;
  return {
    update(step, note) {
      const now = performance.now();
      if (step < total && now - last < 200) return;
      last = now;
      send({ type: "progress", step, note });
    },
    done(message) {
      send({ type: "done", message });
    },
  };
}

/** Loaded data (e.g. a corpus) shared by every run this worker trains, as `--jobs 1` shares it. */
const cache = new Map<string, unknown>();

async function train(spec: ChildSpec): Promise<RunSummary> {
  try {
    const prepared = await setupRun(spec.config, {
      file: spec.file,
      runId: spec.id,
      cache,
    }); // experiment-level baselines (prepared.baselines) are the parent's: never fitted here
    const resume = spec.resume
      ? {
        action: "continue" as const,
        checkpoint: spec.resume.checkpoint ? readCheckpoint(spec.runDir) : null,
        runtime: spec.resume.runtime,
      }
      : undefined;
    const reporter = childReporter(spec.config.training.steps);
    return await trainRun({ ...spec, prepared }, spec.runDir, reporter, control, resume);
  } catch (error) {
    // Setup was checked by the parent; anything here is a crash of this run only.
    const reason = error instanceof Error ? error.message : String(error);
    return failedRun(spec.id, spec.config, reason);
  }
}

const control: LoopControl = { interrupted: false };

/** The lines of a byte stream. */
function lines(stream: ReadableStream<Uint8Array>): ReadableStream<string> {
  return stream.pipeThrough(new TextDecoderStream()).pipeThrough(new TextLineStream());
}

if (import.meta.main) {
  const stop = () => (control.interrupted = true);
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  // Read stdin all along, so that its end is noticed while a run trains.
  const specs: ChildSpec[] = [];
  let ended = false;
  let busy = false;
  let wake = () => {};
  (async () => {
    for await (const line of lines(Deno.stdin.readable)) {
      if (line.trim()) specs.push(JSON.parse(line) as ChildSpec);
      wake();
    }
    if (busy) Deno.exit(130);
    ended = true;
    wake();
  })();
  while (true) {
    const spec = specs.shift();
    if (spec === undefined) {
      if (ended) break;
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    busy = true;
    send({ type: "result", entry: await train(spec) });
    busy = false;
  }
  Deno.exit(0);
}
