/**
 * One run in its own process, for `--jobs N` (see `children.ts`). The parent passes a
 * {@link ChildSpec} as the only argument; this trains the run into its folder and reports on
 * stdout, one protocol line per message ({@link ChildMessage}). SIGINT/SIGTERM stop the run after
 * its current step with a checkpoint (the parent decides about quitting at once); when the parent
 * is gone (stdin closes), the run stops at once, as a hard kill would.
 * @module
 */
import type { RunConfig } from "../config/schema.ts";
import { setupRun } from "../tasks/mod.ts";
import type { LoopControl } from "../train/loop.ts";
import { readCheckpoint } from "../train/checkpoint.ts";
import type { RunRuntime, RunSummary } from "../report/mod.ts";
import { failedRun, type RunReporter, trainRun } from "./train_run.ts";

/** What the parent asks a child to do. */
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

/** A message from the child: a step done, the run's last line, or its summary entry. */
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

async function main(spec: ChildSpec): Promise<RunSummary> {
  try {
    const prepared = await setupRun(spec.config, {
      file: spec.file,
      runId: spec.id,
      cache: new Map(),
      baselines: false, // experiment-level: the parent scored them
    });
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

if (import.meta.main) {
  const stop = () => (control.interrupted = true);
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  (async () => {
    for await (const _ of Deno.stdin.readable) {
      // The parent never writes; the stream only ends when the parent is gone.
    }
    Deno.exit(130);
  })();
  const entry = await main(JSON.parse(Deno.args[0]) as ChildSpec);
  send({ type: "result", entry });
  Deno.exit(0);
}
