import * as tf from "@tensorflow/tfjs-core";
import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { RecurrentModel } from "../../src/models/model.ts";
import { referenceSequence } from "../../src/models/reference/mod.ts";
import { gateStatistics, groupGradNorms, groupOf } from "../../src/metrics/gradients.ts";
import { DynamicsRecorder } from "../../src/metrics/dynamics.ts";

await useBackend("cpu");

const model = (cell: "rnn" | "lstm" | "gru", name: string) =>
  new RecurrentModel({
    cell,
    hidden: 5,
    layers: 1,
    inputSize: 3,
    outputSize: 2,
    dropout: 0,
    seed: 2,
    implementation: "reference",
    name,
  });

Deno.test("gradients: variables map to the five groups; group norm is the root sum of squares", () => {
  assertEquals(
    ["embedding", "layer0/wx", "layer2/wh", "layer1/bx", "layer0/bh", "head/w", "other"].map(
      groupOf,
    ),
    ["embedding", "input", "recurrent", "bias", "bias", "head", undefined],
  );
  const groups = groupGradNorms({
    "embedding": 1,
    "layer0/wx": 3,
    "layer1/wx": 4,
    "layer0/wh": 2,
    "head/w": 6,
    "head/b": 8,
  });
  assertEquals(groups, { embedding: 1, input: 5, recurrent: 2, head: 10 });
});

Deno.test("gradients: a huge forget bias saturates f (mean ≈ 1); hidden norm matches the cell", async () => {
  const lstm = model("lstm", "gs-lstm");
  const bx = lstm.layers[0].bx;
  const values = bx.dataSync().slice();
  values.fill(20, 5, 10); // f-block
  bx.assign(tf.tensor1d(values));
  const xs = tf.randomUniform([7, 4, 3], -1, 1, "float32", 3) as tf.Tensor3D;
  const [stats] = await gateStatistics(lstm, xs);
  assertEquals(Object.keys(stats.saturated), ["i", "f", "o"]);
  assertEquals(stats.saturated.f, 1);
  assert(stats.saturated.i < 1);
  assertAlmostEquals(stats.forgetMean!, 1, 1e-6);
  const zeros = () => tf.zeros([4, 5]) as tf.Tensor2D;
  const { hs } = referenceSequence("lstm", lstm.layers[0], xs, [zeros(), zeros()]);
  const expected = tf.mean(tf.norm(hs, "euclidean", 2)).dataSync()[0];
  assertAlmostEquals(stats.hiddenNorm, expected, 1e-5);
  tf.dispose([xs, hs]);
  lstm.dispose();
});

Deno.test("gradients: rnn has no gates, gru reports r and z with z as its forget gate", async () => {
  const xs = tf.ones([3, 2, 3]);
  const rnn = model("rnn", "gs-rnn"), gru = model("gru", "gs-gru");
  const before = tf.memory().numTensors;
  const [r] = await gateStatistics(rnn, xs);
  const [g] = await gateStatistics(gru, xs);
  assertEquals(tf.memory().numTensors, before);
  assertEquals([r.saturated, r.forgetMean], [{}, null]);
  assertEquals(Object.keys(g.saturated), ["r", "z"]);
  assert(g.forgetMean! > 0 && g.forgetMean! < 1);
  xs.dispose();
  rnn.dispose();
  gru.dispose();
});

Deno.test("dynamics recorder: keeps every eval's entries for the summary", async () => {
  const rnn = model("rnn", "dr-rnn");
  const recorder = new DynamicsRecorder(rnn, 2);
  const xs = tf.ones([4, 2, 3]);
  const loss = (y: tf.Tensor2D) => tf.sum(tf.square(y), 1) as tf.Tensor1D;
  const event = await recorder.record(10, xs, loss, { "layer0/wh": 3, "layer0/wx": 4 });
  await recorder.record(20, xs, loss);
  const { gradFlow, gates, gradGroups } = recorder.summary();
  assertEquals(gradFlow.map((f) => [f.step, f.layer, f.norms.length]), [[10, 0, 3], [20, 0, 3]]);
  assertEquals(gates.length, 2);
  assertEquals(gradGroups, [{ step: 10, input: 4, recurrent: 3 }]);
  assertEquals(event.gradGroups, gradGroups[0]);
  xs.dispose();
  rnn.dispose();
});
