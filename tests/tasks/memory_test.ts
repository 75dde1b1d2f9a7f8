import * as tf from "@tensorflow/tfjs-core";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { mulberry32 } from "../../src/_random.ts";
import { RecurrentModel } from "../../src/models/model.ts";
import {
  ADDING_CHANNELS,
  ADDING_MEAN_MSE,
  addingBatch,
  SEQUENCE_CHANNELS,
  sequenceBatch,
  SYMBOLS,
} from "../../src/tasks/synthetic/mod.ts";
import { addingProblem, copyProblem, isSolved, MemoryTask } from "../../src/tasks/memory.ts";
import { experimentSchema } from "../../src/config/schema.ts";
import { expandRuns } from "../../src/config/grid.ts";

await useBackend("cpu");

const at = (inputs: Float32Array, t: number, b: number, batch: number, c: number, width: number) =>
  inputs[(t * batch + b) * width + c];

for (const markers of ["halves", "early"] as const) {
  Deno.test(`adding (${markers}): two markers, target = sum of the marked values`, () => {
    for (const lag of [2, 3, 10, 25, 200]) {
      const batch = 16;
      const { inputs, targets, marked } = addingBatch(lag, batch, mulberry32(lag), markers);
      assertEquals(inputs.length, lag * batch * ADDING_CHANNELS);
      for (let b = 0; b < batch; b++) {
        const steps: number[] = [];
        let sum = 0;
        for (let t = 0; t < lag; t++) {
          const value = at(inputs, t, b, batch, 0, ADDING_CHANNELS);
          assert(value >= 0 && value < 1);
          const marker = at(inputs, t, b, batch, 1, ADDING_CHANNELS);
          assert(marker === 0 || marker === 1);
          if (marker === 1) {
            steps.push(t);
            sum += value;
          }
        }
        assertEquals(steps, marked[b]);
        assertEquals(steps.length, 2, `lag ${lag}`);
        assertAlmostEquals(targets[b], sum, 1e-6);
        const half = Math.floor(lag / 2);
        if (markers === "halves") assert(steps[0] < half && steps[1] >= half, `lag ${lag}`);
        else assert(steps[0] < Math.max(10, 1) && steps[1] < Math.max(2, half - 1), `lag ${lag}`);
      }
    }
  });
}

Deno.test("adding: predicting the mean scores about 1/6; the stream is seeded", () => {
  const { targets } = addingBatch(50, 20000, mulberry32(9));
  const mse = targets.reduce((s, y) => s + (y - 1) ** 2, 0) / targets.length;
  assertAlmostEquals(mse, ADDING_MEAN_MSE, 0.005);
  assertEquals(addingBatch(30, 4, mulberry32(5)).inputs, addingBatch(30, 4, mulberry32(5)).inputs);
  assertThrows(() => addingBatch(1, 4, mulberry32(1)), RangeError);
});

Deno.test("temporal order: one-hot, B … E framing, label from the X/Y order", () => {
  const lag = 100, batch = 64;
  const { inputs, labels, symbols } = sequenceBatch("temporal-order", lag, batch, mulberry32(3));
  const seen = new Set<number>();
  for (let b = 0; b < batch; b++) {
    const seq = symbols[b];
    assertEquals([seq[0], seq[lag - 1]], ["B", "E"]);
    const relevant = seq.flatMap((s, t) => (s === "X" || s === "Y" ? [[s, t] as const] : []));
    assertEquals(relevant.length, 2);
    assert(relevant[0][1] >= 10 && relevant[0][1] <= 20 && relevant[1][1] >= 50);
    assertEquals(labels[b], ["XX", "XY", "YX", "YY"].indexOf(relevant.map(([s]) => s).join("")));
    seen.add(labels[b]);
    for (let t = 0; t < lag; t++) {
      let ones = 0;
      for (let c = 0; c < SEQUENCE_CHANNELS; c++) {
        ones += at(inputs, t, b, batch, c, SEQUENCE_CHANNELS);
      }
      assertEquals(ones, 1);
      assertEquals(
        at(inputs, t, b, batch, (SYMBOLS as readonly string[]).indexOf(seq[t]), SEQUENCE_CHANNELS),
        1,
      );
    }
  }
  assertEquals(seen.size, 4);
});

Deno.test("recall: the label is the first symbol", () => {
  const { labels, symbols } = sequenceBatch("recall", 12, 32, mulberry32(4));
  symbols.forEach((seq, b) => assertEquals(seq[0], ["p", "q", "r", "s"][labels[b]]));
  assertThrows(() => sequenceBatch("temporal-order", 9, 1, mulberry32(1)), RangeError);
});

Deno.test("success rules: MSE < 0.01, accuracy ≥ 99%, non-finite never solves", () => {
  const adding = addingProblem(10), copy = copyProblem(10);
  assert(isSolved(adding, 0.0099) && !isSolved(adding, 0.01) && !isSolved(adding, NaN));
  assert(isSolved(copy, 0.99) && !isSolved(copy, 0.989) && !isSolved(copy, null));
});

Deno.test("memory task: trains, evaluates, probes and reports its tasks entry without leaks", async () => {
  for (const problem of [addingProblem(6), copyProblem(10, "recall")]) {
    const model = new RecurrentModel({
      cell: "gru",
      hidden: 8,
      layers: 1,
      inputSize: problem.channels,
      outputSize: problem.outputs,
      dropout: 0,
      seed: 1,
      implementation: "reference",
      name: `mem-${problem.task}`,
    });
    const task = new MemoryTask({ model, problem, batch: 4, seed: 1, evalSize: 10 });
    const before = tf.memory().numTensors;
    const optimizer = tf.train.adam(0.01);
    const vars = [...task.variables.values()];
    for (let i = 0; i < 3; i++) {
      optimizer.minimize(() => task.trainLoss(), false, vars);
      task.afterStep();
    }
    const metrics = await task.evaluate();
    assert(Number.isFinite(metrics.valLoss));
    assert(problem.metric === "mse" ? "valMse" in metrics : "valAccuracy" in metrics);
    const event = await task.onEval(3, { "layer0/wx": 3, "layer0/wh": 4, "head/w": 1 });
    assertEquals((event.gradFlow as unknown[]).length, 1);
    const extras = await task.summaryExtras();
    const entry = extras.memory as Record<string, unknown>;
    assertEquals(
      [entry.task, entry.lag, entry.cell, entry.metricName],
      [problem.task, problem.lag, "gru", problem.metric],
    );
    assertEquals(typeof entry.solved, "boolean");
    assertEquals((extras.gradGroups as { input: number }[])[0].input, 3);
    optimizer.dispose();
    // Only the optimiser's slots (disposed above) may have been added.
    assertEquals(tf.memory().numTensors, before);
    task.dispose();
    model.dispose();
  }
});

Deno.test("memory config: adding and copy validate, lag is a grid key, temporal order needs 10", () => {
  const config = experimentSchema.parse({
    name: "m",
    task: "adding",
    grid: { "memory.lag": [10, 25], "model.cell": ["rnn", "lstm"] },
  });
  assertEquals(expandRuns(config).map((r) => r.id), [
    "lag=10-rnn",
    "lag=10-lstm",
    "lag=25-rnn",
    "lag=25-lstm",
  ]);
  assert(!experimentSchema.safeParse({ name: "c", task: "copy", memory: { lag: 5 } }).success);
  assert(
    experimentSchema.safeParse({ name: "c", task: "copy", memory: { lag: 5, variant: "recall" } })
      .success,
  );
});
