/** The charlm task leaks no tensors in any of the calls the trainer makes, and samples are seeded. */
import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { loadExperiment } from "../../src/config/mod.ts";
import { prepareRuns } from "../../src/experiment/mod.ts";
import { createOptimizer } from "../../src/train/optimizers.ts";
import { trainStep } from "../../src/train/step.ts";
import type { CharLmProtocol } from "../../src/tasks/charlm.ts";
import type { CharLmRunConfig } from "../../src/config/schema.ts";

Deno.test("charlm: train steps, evals, diagnostics and samples keep the live tensor count flat", async () => {
  await useBackend("wasm");
  const experiment = await loadExperiment("smoke", { sets: ["grid={}", "model.cell=lstm"] });
  const [run] = await prepareRuns(experiment);
  const built = run.prepared.create();
  const task = built.task;
  const optimizer = createOptimizer("adam", 0.002, { adamEpsilon: 1e-8 });
  const clip = { mode: "norm", threshold: 5 } as const;
  const cycle = async (i: number) => {
    await trainStep(task, optimizer, clip, { groupNorms: i % 2 === 0 });
    await task.evaluate();
    await task.onEval?.(i);
    await task.sample?.();
  };
  await cycle(0); // optimiser slots are created on the first step
  const before = tf.memory().numTensors;
  for (let i = 1; i <= 4; i++) await cycle(i);
  assertEquals(tf.memory().numTensors, before);
  optimizer.dispose();
  built.dispose();
});

Deno.test("charlm: a sample has the configured length and never emits the unknown character", async () => {
  await useBackend("wasm");
  const experiment = await loadExperiment("smoke", {
    sets: ["grid={}", "model.cell=rnn", "sampling.length=300", "sampling.temperature=3"],
  });
  const [run] = await prepareRuns(experiment);
  const built = run.prepared.create();
  const sample = await built.task.sample!();
  assertEquals([...sample.text].length, 300);
  assert(!sample.text.includes("\uFFFD"));
  assert(sample.quality >= 0 && sample.quality <= 1);
  built.dispose();
});

Deno.test("charlm: a model learns Sonnet 116 (train loss halves, val loss falls by a quarter)", async () => {
  await useBackend("wasm");
  const experiment = await loadExperiment("smoke", {
    sets: ["grid={}", "model.cell=lstm", "model.hidden=32", "training.evalBatches=4"],
  });
  const [run] = await prepareRuns(experiment);
  const built = run.prepared.create();
  const task = built.task;
  const optimizer = createOptimizer("adam", 0.01, { adamEpsilon: 1e-8 });
  const clip = { mode: "norm", threshold: 5 } as const;
  const start = await task.evaluate();
  const losses: number[] = [];
  for (let i = 0; i < 150; i++) losses.push((await trainStep(task, optimizer, clip)).loss);
  const end = await task.evaluate();
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b) / xs.length;
  const [early, late] = [mean(losses.slice(0, 10)), mean(losses.slice(-10))];
  assert(late < 0.5 * early, `train loss ${early} → ${late}`);
  // Measured: 3.64 → 2.38 nats; a model that never learns stays near ln(vocabulary) ≈ 3.6.
  assert(end.valLoss < 0.75 * start.valLoss, `val loss ${start.valLoss} → ${end.valLoss}`);
  optimizer.dispose();
  built.dispose();
});

Deno.test("charlm: evaluation.batches scores the first N batches of each split, and says so", async () => {
  await useBackend("wasm");
  // Sonnet 116 at batch 1 × seqLen 8: several batches in each split.
  const sets = ["grid={}", "model.cell=rnn", "training.batch=1", "training.seqLen=8"];
  const score = async (batches: number) => {
    const experiment = await loadExperiment("smoke", {
      sets: [...sets, `evaluation.batches=${batches}`],
    });
    const [run] = await prepareRuns(experiment);
    assertEquals((run.config as CharLmRunConfig).evaluation.batches, batches);
    const built = run.prepared.create();
    const metrics = await built.task.evaluateScored!({ checkpoint: "last", step: 0 });
    const extras = await built.task.summaryExtras!();
    built.dispose();
    return { metrics, protocol: extras.protocol as CharLmProtocol };
  };
  const whole = await score(0);
  const first = await score(2);
  const { evalBatches, testBatches } = whole.protocol;
  assert(evalBatches.val > 2 && testBatches > 2, "the splits have more than 2 batches");
  assertEquals(whole.protocol.scoredBatches, undefined);
  assertEquals(first.protocol.scoredBatches, { val: 2, test: 2 });
  // The whole splits' sizes are stated either way.
  assertEquals([first.protocol.evalBatches.val, first.protocol.testBatches], [
    evalBatches.val,
    testBatches,
  ]);
  assert(first.metrics.valLoss !== whole.metrics.valLoss, "fewer batches, another mean");
  assert(first.metrics.testLoss !== whole.metrics.testLoss, "fewer batches, another mean");
  // More batches than a split has: the whole split.
  const all = await score(10_000);
  assertEquals([all.metrics.valLoss, all.metrics.testLoss], [
    whole.metrics.valLoss,
    whole.metrics.testLoss,
  ]);
});
