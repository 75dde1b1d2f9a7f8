/**
 * `--jobs N`: train runs N at a time in N worker processes (`_child.ts`), each training one run
 * after another, so every run has a whole core, a run that crashes (even hard) takes no other run
 * with it, and a process starts once per worker, not once per run. A run's results do not depend
 * on where it trains: a worker builds the same model from the same config and seed, as `--jobs 1`
 * does in its one process. On an interruption (SIGINT/SIGTERM to this process) every worker gets
 * SIGTERM: it finishes its step, checkpoints and reports `interrupted`; runs not started yet are
 * recorded as such.
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
import { TextLineStream } from "@std/streams/text-line-stream";

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
 * Train `runs` in at most `jobs` worker processes at once; `onResult` gets each run's entry as
 * it ends (in the order they end). A worker trains one run after another; one whose process dies
 * fails only the run it was training, and the next run starts in a new worker.
 */
export async function trainInChildren(
  file: string,
  runs: readonly ChildRun[],
  jobs: number,
  control: LoopControl,
  board: RunBoard,
  onResult: (index: number, entry: RunSummary) => void,
): Promise<void> {
  const active = new Set<RunWorker>();
  let forwarded = false;
  const forward = setInterval(() => {
    if (!control.interrupted || forwarded) return;
    forwarded = true;
    for (const worker of active) worker.signal("SIGTERM");
  }, 50);
  let next = 0;
  const slot = async (number: number) => {
    let worker: RunWorker | undefined;
    try {
      while (next < runs.length) {
        const run = runs[next++];
        if (control.interrupted) {
          onResult(run.index, skippedRun(run.id, run.config));
          continue;
        }
        if (!worker) {
          worker = new RunWorker(number);
          active.add(worker);
          if (forwarded) worker.signal("SIGTERM");
        }
        board.start(run.index);
        const spec: ChildSpec = {
          file,
          id: run.id,
          config: run.config,
          runDir: run.runDir,
          resume: run.resume,
        };
        const entry = await worker.train(spec, board, run.index);
        if (entry) {
          onResult(run.index, entry);
          continue;
        }
        // The process died: this run failed; the next one gets a new worker.
        active.delete(worker);
        onResult(run.index, await crashed(worker, run, board));
        worker = undefined;
      }
    } finally {
      if (worker) {
        active.delete(worker);
        await worker.close();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, runs.length) }, (_, i) => slot(i)));
  } finally {
    clearInterval(forward);
  }
}

/** One worker process (`_child.ts`): runs go in on stdin, messages come back on stdout. */
class RunWorker {
  private readonly process: Deno.ChildProcess;
  private readonly input: WritableStreamDefaultWriter<Uint8Array>;
  private readonly reading: Promise<void>;
  /** The run being trained: where its messages go. */
  private current?: {
    index: number;
    id: string;
    board: RunBoard;
    resolve: (entry: RunSummary | undefined) => void;
  };
  /** The last lines on stderr during the current run (the reason of a crash). */
  errors: string[] = [];
  /** The process has ended and its output is read. */
  private exited = false;

  /** `number`: the worker's slot, on its command line (`--slot N`) for tools such as `ps`. */
  constructor(number: number) {
    const process = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--config", CONFIG, CHILD, "--slot", String(number)],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.process = process;
    this.input = process.stdin.getWriter();
    const debug = Deno.env.get("RNNLAB_DEBUG") !== undefined;
    const readOut = (async () => {
      for await (const line of lines(process.stdout)) {
        if (!line.startsWith(MESSAGE_PREFIX) || !this.current) continue;
        const message = JSON.parse(line.slice(MESSAGE_PREFIX.length)) as ChildMessage;
        const { index, board, resolve } = this.current;
        if (message.type === "progress") board.update(index, message.step, message.note);
        else if (message.type === "done") board.done(index, message.message);
        else {
          this.current = undefined;
          resolve(message.entry);
        }
      }
    })();
    const readErr = (async () => {
      for await (const line of lines(process.stderr)) {
        if (debug) console.error(`${this.current?.id ?? "worker"}: ${line}`);
        if (line.trim()) this.errors.push(line);
        if (this.errors.length > 20) this.errors.shift();
      }
    })();
    this.reading = Promise.all([readOut, readErr]).then(() => {});
    // A process that ends without a result leaves its run without an entry.
    process.status.then(async () => {
      await this.reading;
      this.exited = true;
      this.current?.resolve(undefined);
      this.current = undefined;
    });
  }

  /** Train `spec`; its entry, or undefined when the process ended without one. */
  train(spec: ChildSpec, board: RunBoard, index: number): Promise<RunSummary | undefined> {
    this.errors = [];
    if (this.exited) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.current = { index, id: spec.id, board, resolve };
      this.input.write(encoder.encode(JSON.stringify(spec) + "\n")).catch(() => {
        // The process is gone; its status settles the run.
      });
    });
  }

  /** How the process ended (after its output is read). */
  async ended(): Promise<Deno.CommandStatus> {
    const status = await this.process.status;
    await this.reading;
    return status;
  }

  signal(name: Deno.Signal): void {
    try {
      this.process.kill(name);
    } catch {
      // already ended
    }
  }

  /** No more runs: close stdin, so the worker exits, and wait for it. */
  async close(): Promise<void> {
    await this.input.close().catch(() => {});
    await this.ended();
  }
}

const encoder = new TextEncoder();

/** The `failed` entry of a run whose worker died while training it. */
async function crashed(worker: RunWorker, run: ChildRun, board: RunBoard): Promise<RunSummary> {
  const status = await worker.ended();
  await worker.close();
  const how = status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
  const last = worker.errors.filter((l) => !/^\s+at /.test(l)).at(-1);
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
function lines(stream: ReadableStream<Uint8Array>): ReadableStream<string> {
  return stream.pipeThrough(new TextDecoderStream()).pipeThrough(new TextLineStream());
}
