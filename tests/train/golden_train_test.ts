/**
 * End-to-end parity with PyTorch: 30 training steps of a tiny char-level LM (embedding → cell →
 * head, Adam with ε 1e-8, global-norm clipping, the state carried across batches and reset at the
 * stream's wrap) from PyTorch's initial weights and batches match PyTorch's per-step losses and
 * final weights (`tests/fixtures/golden/train_<cell>.json`, written by scripts/golden_train.py).
 */
import * as tf from "@tensorflow/tfjs-core";
import { assertEquals } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { Vocab } from "../../src/data/vocab.ts";
import type { CellKind } from "../../src/models/cell.ts";
import { gateCount } from "../../src/models/cells/mod.ts";
import { RecurrentModel } from "../../src/models/model.ts";
import type { Implementation } from "../../src/models/sequences.ts";
import { CharLmTask } from "../../src/tasks/charlm.ts";
import { createOptimizer } from "../../src/train/optimizers.ts";
import { trainStep } from "../../src/train/step.ts";
import { assertAllClose } from "../_assert_close.ts";
import { flat, type Nested } from "../_golden.ts";

interface TrainGolden {
  source: string;
  text: string;
  ids: number[];
  settings: {
    batch: number;
    seqLen: number;
    embedding: number;
    hidden: number;
    vocabSize: number;
    learningRate: number;
    clip: number;
    adamEpsilon: number;
    steps: number;
  };
  initialWeights: Record<string, Nested>;
  losses: number[];
  gradNorms: number[];
  finalWeights: Record<string, Nested>;
}

function loadTrainGolden(cell: CellKind): TrainGolden {
  const url = new URL(`../fixtures/golden/train_${cell}.json`, import.meta.url);
  return JSON.parse(Deno.readTextFileSync(url));
}

/** rnnlab's variables as PyTorch's parameters: [name, rows, cols, transposed?]. */
function parameterMap(golden: TrainGolden, cell: CellKind) {
  const { embedding: E, hidden: H, vocabSize: V } = golden.settings;
  const G = gateCount(cell) * H;
  // PyTorch keeps weights [out, in]; rnnlab multiplies x·W, so its matrices are the transposes.
  // The gate blocks are in the same order (lstm i f g o, gru r z n), so no reordering.
  return new Map<string, { torch: string; shape: number[]; transposed: boolean }>([
    ["embedding", { torch: "embedding.weight", shape: [V, E], transposed: false }],
    ["layer0/wx", { torch: "rnn.weight_ih_l0", shape: [G, E], transposed: true }],
    ["layer0/wh", { torch: "rnn.weight_hh_l0", shape: [G, H], transposed: true }],
    ["layer0/bx", { torch: "rnn.bias_ih_l0", shape: [G], transposed: false }],
    ["layer0/bh", { torch: "rnn.bias_hh_l0", shape: [G], transposed: false }],
    ["head/w", { torch: "out.weight", shape: [V, H], transposed: true }],
    ["head/b", { torch: "out.bias", shape: [V], transposed: false }],
  ]);
}

async function trainLikePyTorch(cell: CellKind, implementation: Implementation) {
  const golden = loadTrainGolden(cell);
  const s = golden.settings;
  const vocab = Vocab.fromText(golden.text);
  const ids = vocab.encode(golden.text);
  assertEquals([...ids], golden.ids, "the golden's ids are rnnlab's vocabulary");
  assertEquals(vocab.size, s.vocabSize);
  const model = new RecurrentModel({
    cell,
    hidden: s.hidden,
    layers: 1,
    inputSize: s.embedding,
    vocabSize: s.vocabSize,
    outputSize: s.vocabSize,
    dropout: 0,
    seed: 1,
    implementation,
    name: `golden-train-${cell}-${implementation}`,
  });
  const parameters = parameterMap(golden, cell);
  assertEquals([...model.variables.keys()].sort(), [...parameters.keys()].sort());
  for (const [name, { torch, shape, transposed }] of parameters) {
    const values = tf.tensor(flat(golden.initialWeights[torch]), shape);
    model.variables.get(name)!.assign(transposed ? tf.transpose(values) : values);
    tf.dispose(values);
  }
  const task = new CharLmTask({
    model,
    vocab,
    trainIds: ids,
    valIds: ids,
    testIds: ids,
    batch: s.batch,
    seqLen: s.seqLen,
    evalBatches: 1,
    resetOnWrap: true,
    sampling: { length: 1, temperature: 1, prime: "L" },
    seed: 1,
    trainWords: new Set(),
    corpusId: "sonnet-116",
  });
  const optimizer = createOptimizer("adam", s.learningRate, { adamEpsilon: s.adamEpsilon });
  const losses: number[] = [];
  const gradNorms: number[] = [];
  for (let step = 0; step < s.steps; step++) {
    const result = await trainStep(task, optimizer, { mode: "norm", threshold: s.clip });
    losses.push(result.loss);
    gradNorms.push(result.gradNorm);
  }
  const finalWeights = new Map<string, Float32Array>();
  for (const [name, { transposed }] of parameters) {
    const v = model.variables.get(name)!;
    const t = transposed ? tf.transpose(v) : v;
    finalWeights.set(name, (await t.data()) as Float32Array);
    if (t !== v) t.dispose();
  }
  optimizer.dispose();
  task.dispose();
  model.dispose();
  return { golden, parameters, losses, gradNorms, finalWeights };
}

for (const implementation of ["fused", "reference"] as const) {
  for (const cell of ["rnn", "lstm", "gru"] as const) {
    Deno.test(`golden training: ${cell} (${implementation}) tracks PyTorch for 30 Adam steps`, async () => {
      await useBackend("wasm");
      const got = await trainLikePyTorch(cell, implementation);
      const { golden } = got;
      assertEquals(got.losses.length, 30);
      const label = `${cell} ${implementation} vs ${golden.source}`;
      assertAllClose(got.losses, golden.losses, { abs: 0, rel: 1e-4 }, `${label}: losses`);
      assertAllClose(got.gradNorms, golden.gradNorms, { abs: 0, rel: 1e-3 }, `${label}: norms`);
      for (const [name, { torch }] of got.parameters) {
        assertAllClose(
          got.finalWeights.get(name)!,
          flat(golden.finalWeights[torch]),
          { abs: 1e-3, rel: 0 },
          `${label}: final ${torch}`,
        );
      }
    });
  }
}
