/**
 * `--jobs N`: train runs N at a time, each in its own process (`_child.ts`), so a run that crashes
 * (even hard) takes no other run with it and every run has a whole core. A run's results do not
 * depend on where it trains: the child builds the same model from the same config and seed.
 * On an interruption (SIGINT/SIGTERM to this process) every child gets SIGTERM: it finishes its
 * step, checkpoints and reports `interrupted`; runs not started yet are recorded as such.
 * @module
 */
import { fileURLToPath } from "node:url";
import type { RunConfig } from "../config/schema.ts";
import type { LoopControl } from "../train/loop.ts";
import type { RunRuntime, RunSummary } from "../report/mod.ts";
import type { ChildMessage, ChildSpec } from "./_child.ts";
import { MESSAGE_PREFIX } from "./_child.ts";
import { failedRun, skippedRun } from "./train_run.ts";
import type { RunBoard } from "./progress.ts";

/** One run for a child process. */
export interface ChildRun {
  /** Position in the experiment (the summary's order). */
  index: number;
  id: string;
  config: RunConfig;
  runDir: string;
  resume?: { checkpoint: boolean; runtime?: RunRuntime };
}

const CHILD = fileURLToPath(new URL("./_child.ts", import.meta.url));
const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));

/**
 * Train `runs` in at most `jobs` child processes at once; `onResult` gets each run's entry as
 * it ends (in the order they end).
 */
export async function trainInChildren(
  file: string,
  runs: readonly ChildRun[],
  jobs: number,
  control: LoopControl,
  board: RunBoard,
  onResult: (index: number, entry: RunSummary) => void,
): Promise<void> {
  const active = new Set<Deno.ChildProcess>();
  let forwarded = false;
  const forward = setInterval(() => {
    if (!control.interrupted || forwarded) return;
    forwarded = true;
    for (const child of active) signal(child, "SIGTERM");
  }, 50);
  let next = 0;
  const slot = async () => {
    while (next < runs.length) {
      const run = runs[next++];
      if (control.interrupted) {
        onResult(run.index, skippedRun(run.id, run.config));
        continue;
      }
      const spec: ChildSpec = {
        file,
        id: run.id,
        config: run.config,
        runDir: run.runDir,
        resume: run.resume,
      };
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--config", CONFIG, CHILD, JSON.stringify(spec)],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      active.add(child);
      if (forwarded) signal(child, "SIGTERM");
      board.start(run.index);
      try {
        onResult(run.index, await followChild(child, run, board));
      } finally {
        active.delete(child);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, runs.length) }, slot));
  } finally {
    clearInterval(forward);
  }
}

function signal(child: Deno.ChildProcess, name: Deno.Signal): void {
  try {
    child.kill(name);
  } catch {
    // already ended
  }
}

/** Read a child's messages until it ends; its entry, or a `failed` one if it died without. */
async function followChild(
  child: Deno.ChildProcess,
  run: ChildRun,
  board: RunBoard,
): Promise<RunSummary> {
  let entry: RunSummary | undefined;
  const errors: string[] = [];
  const debug = Deno.env.get("RNNLAB_DEBUG") !== undefined;
  const readOut = (async () => {
    for await (const line of lines(child.stdout)) {
      if (!line.startsWith(MESSAGE_PREFIX)) continue;
      const message = JSON.parse(line.slice(MESSAGE_PREFIX.length)) as ChildMessage;
      if (message.type === "progress") board.update(run.index, message.step, message.note);
      else if (message.type === "done") board.done(run.index, message.message);
      else entry = message.entry;
    }
  })();
  const readErr = (async () => {
    for await (const line of lines(child.stderr)) {
      if (debug) console.error(`${run.id}: ${line}`);
      if (line.trim()) errors.push(line);
      if (errors.length > 20) errors.shift();
    }
  })();
  const status = await child.status;
  await Promise.all([readOut, readErr]);
  await child.stdin.close().catch(() => {});
  if (entry) return entry;
  const how = status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
  const last = errors.filter((l) => !/^\s+at /.test(l)).at(-1);
  const reason = `the run's process ended (${how}) without a result${last ? `: ${last}` : ""}`;
  board.done(run.index, `failed: ${reason}`);
  // The run's own files say so too, as they would for a crash inside the run.
  const event = { type: "status", step: 0, status: "failed", reason };
  Deno.writeTextFileSync(`${run.runDir}/events.jsonl`, JSON.stringify(event) + "\n", {
    append: true,
  });
  return failedRun(run.id, run.config, reason);
}

/** The lines of a byte stream. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest) yield rest;
}
