/** The loop stops after `patience` evals without a lower validation loss; weight decay shrinks. */
import { assertEquals } from "@std/assert";
import * as tf from "@tensorflow/tfjs-core";
import { useBackend } from "../../src/backend/mod.ts";
import type { RunSink } from "../../src/metrics/sink.ts";
import type { Task } from "../../src/tasks/task.ts";
import { type LoopSpec, runLoop } from "../../src/train/loop.ts";

/** A task whose validation losses follow a script; training pulls `w` towards 0. */
function scriptedTask(valLosses: number[]): Task & { w: tf.Variable } {
  const w = tf.variable(tf.fill([2, 2], 1));
  let evals = 0;
  return {
    w,
    variables: new Map([["w", w]]),
    itemsPerStep: 1,
    trainLoss: () => tf.sum(tf.square(w)) as tf.Scalar,
    afterStep() {},
    evaluate: () => Promise.resolve({ valLoss: valLosses[evals++] ?? 99 }),
    dispose() {},
  };
}

const quietSink = { metric() {}, event() {}, sample() {}, flush() {} } as unknown as RunSink;
const quietProgress = { update() {}, done() {} } as never;
const spec: LoopSpec = {
  steps: 100,
  optimizer: "sgd",
  learningRate: 0.1,
  adam: { epsilon: 1e-8 },
  clip: { mode: "none", threshold: 1 },
  evalInterval: 10,
  sampleInterval: 0,
  scoredCheckpoint: "best",
};

Deno.test("early stopping: stops after `patience` evals without improvement", async () => {
  await useBackend("cpu");
  const losses = [3, 2, 2.5, 2.1, 2.2, 1, 5];
  const stopped = scriptedTask(losses);
  const withPatience = { ...spec, earlyStopping: { patience: 3 } };
  const outcome = await runLoop(stopped, withPatience, quietSink, quietProgress, {
    interrupted: false,
  });
  // Best at eval 2 (step 20); evals 3, 4, 5 do not improve: stop at step 50.
  assertEquals([outcome.status, outcome.steps, outcome.evals.length], ["finished", 50, 5]);
  assertEquals(outcome.reason, "early stop at step 50: no lower validation loss in 3 evals");
  const never = scriptedTask(losses);
  const full = await runLoop(never, spec, quietSink, quietProgress, { interrupted: false });
  assertEquals([full.steps, full.reason], [100, undefined]);
  tf.dispose([stopped.w, never.w]);
});

Deno.test("weight decay: decoupled shrink on top of the update", async () => {
  await useBackend("cpu");
  const plain = scriptedTask([]), decayed = scriptedTask([]);
  const short = { ...spec, steps: 1, evalInterval: 1 };
  await runLoop(plain, short, quietSink, quietProgress, { interrupted: false });
  await runLoop(decayed, { ...short, weightDecay: 0.5 }, quietSink, quietProgress, {
    interrupted: false,
  });
  // sgd: w = 1 − 0.1·2 = 0.8; then × (1 − 0.1·0.5).
  assertEquals(plain.w.dataSync()[0], Math.fround(0.8));
  assertEquals(decayed.w.dataSync()[0], Math.fround(Math.fround(0.8) * Math.fround(0.95)));
  tf.dispose([plain.w, decayed.w]);
});
