/** The charlm task leaks no tensors in any of the calls the trainer makes, and samples are seeded. */
import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { loadExperiment } from "../../src/config/mod.ts";
import { prepareRuns } from "../../src/experiment/mod.ts";
import { createOptimizer } from "../../src/train/optimizers.ts";
import { trainStep } from "../../src/train/step.ts";

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
