/** The loop scores the checkpoint `evaluation.checkpoint` names: the best eval's weights or the last. */
import * as tf from "@tensorflow/tfjs-core";
import { assertAlmostEquals, assertEquals } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { RunSink } from "../../src/metrics/sink.ts";
import { Progress } from "../../src/experiment/progress.ts";
import { runLoop } from "../../src/train/loop.ts";
import type { Task } from "../../src/tasks/task.ts";
import { runCheckpoints } from "../../src/train/resume.ts";
import { readCheckpoint } from "../../src/train/checkpoint.ts";
import type { RunConfig } from "../../src/config/schema.ts";

/**
 * One weight w (starting at 0) pulled towards 10 by SGD; the periodic evals report scripted
 * validation losses, and the scored evaluation reports the weight it sees.
 */
function scriptedTask(valLosses: number[]): Task {
  const w = tf.variable(tf.scalar(0));
  let evals = 0;
  return {
    variables: new Map([["w", w]]),
    itemsPerStep: 1,
    trainLoss: () => tf.square(tf.sub(w, 10)) as tf.Scalar,
    afterStep: () => {},
    evaluate: () => ({ valLoss: valLosses[evals++] }),
    evaluateScored: async () => ({ w: (await w.data())[0] }),
    dispose: () => w.dispose(),
  };
}

async function scored(checkpoint: "best" | "last", valLosses: number[]) {
  await useBackend("cpu");
  const dir = Deno.makeTempDirSync();
  const task = scriptedTask(valLosses);
  const spec = {
    steps: 6,
    optimizer: "sgd" as const,
    learningRate: 0.1,
    adam: { epsilon: 1e-8 },
    clip: { mode: "none" as const, threshold: 1 },
    evalInterval: 2,
    sampleInterval: 100,
    scoredCheckpoint: checkpoint,
  };
  const outcome = await runLoop(
    task,
    spec,
    new RunSink(dir),
    new Progress("t", 6),
    { interrupted: false },
  );
  const events = Deno.readTextFileSync(`${dir}/events.jsonl`).trim().split("\n").map((l) =>
    JSON.parse(l)
  );
  task.dispose();
  Deno.removeSync(dir, { recursive: true });
  return { outcome, scoredEvent: events.find((e) => e.type === "scored") };
}

// SGD on (w − 10)², lr 0.1: w_k = 10 − 10 · 0.8^k.
const wAfter = (k: number) => 10 - 10 * 0.8 ** k;

Deno.test("scored checkpoint: best loads the weights of the lowest validation loss", async () => {
  const { outcome, scoredEvent } = await scored("best", [3, 1, 2]); // evals at steps 2, 4, 6
  assertEquals(outcome.scored?.checkpoint, "best");
  assertEquals(outcome.scored?.step, 4);
  assertAlmostEquals(outcome.scored!.metrics.w, wAfter(4), 1e-5);
  assertEquals(scoredEvent.step, 4);
});

Deno.test("scored checkpoint: last scores the final weights", async () => {
  const { outcome } = await scored("last", [3, 1, 2]);
  assertEquals([outcome.scored?.checkpoint, outcome.scored?.step], ["last", 6]);
  assertAlmostEquals(outcome.scored!.metrics.w, wAfter(6), 1e-5);
});

Deno.test("scored checkpoint: a tie keeps the earlier eval, a non-finite loss is never best", async () => {
  const { outcome } = await scored("best", [NaN, 2, 2]);
  assertEquals(outcome.scored?.step, 4);
});

Deno.test("scored checkpoint: after a resume, best comes from best/ on disk (the loop's mechanism)", async () => {
  await useBackend("cpu");
  const dir = Deno.makeTempDirSync();
  const run = {
    id: "r",
    config: { training: { optimizer: "sgd", checkpointInterval: 0 } } as unknown as RunConfig,
  };
  const spec = {
    steps: 8,
    optimizer: "sgd" as const,
    learningRate: 0.1,
    adam: { epsilon: 1e-8 },
    clip: { mode: "none" as const, threshold: 1 },
    evalInterval: 2,
    sampleInterval: 100,
    scoredCheckpoint: "best" as const,
  };
  // First part: evals at steps 2 (3) and 4 (1, the best: written to best/), interrupted after 4.
  const first = scriptedTask([3, 1]);
  const control = { interrupted: false };
  const stopAt4 = { update: (step: number) => (control.interrupted = step === 4) };
  const sink = new RunSink(dir);
  const part = await runLoop(first, spec, sink, stopAt4, control, runCheckpoints(run, dir, sink));
  assertEquals([part.status, part.steps], ["interrupted", 4]);
  first.dispose();
  // Resumed: evals at 6 (2) and 8 (2.5) do not beat step 4, whose weights only best/ holds.
  const second = scriptedTask([2, 2.5]);
  const from = readCheckpoint(dir);
  const resumedSink = new RunSink(dir, true);
  const checkpoints = runCheckpoints(run, dir, resumedSink, from);
  const outcome = await runLoop(second, spec, resumedSink, { update() {} }, {
    interrupted: false,
  }, checkpoints);
  assertEquals([outcome.status, outcome.scored?.checkpoint, outcome.scored?.step], [
    "finished",
    "best",
    4,
  ]);
  assertAlmostEquals(outcome.scored!.metrics.w, wAfter(4), 1e-5);
  // A best/ of another step is not the scored one: no weights are loaded.
  assertEquals(await checkpoints.restoreBest!(second, 6), false);
  second.dispose();
  Deno.removeSync(dir, { recursive: true });
});
