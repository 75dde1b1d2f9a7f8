import { PRODUCTS } from "../_products.ts";
/**
 * The checkpoint format (atomic write, verified read), exact optimiser/task restore, and the
 * cutting back of a run's files on resume.
 */
import { assert, assertEquals, assertThrows } from "@std/assert";
import * as tf from "@tensorflow/tfjs-core";
import { useBackend } from "../../src/backend/mod.ts";
import { InputError } from "../../src/errors.ts";
import {
  type Checkpoint,
  MANIFEST_FILE,
  readCheckpoint,
  writeCheckpoint,
} from "../../src/train/checkpoint.ts";
import { captureCheckpoint, restoreCheckpoint, truncateRunFiles } from "../../src/train/resume.ts";
import { createOptimizer, type OptimizerName } from "../../src/train/optimizers.ts";
import { trainStep } from "../../src/train/step.ts";
import type { LoopState } from "../../src/train/loop.ts";
import type { Task, TaskState } from "../../src/tasks/task.ts";
import type { RunConfig } from "../../src/config/schema.ts";
import { RecurrentModel } from "../../src/models/model.ts";

await useBackend("cpu");

function sampleCheckpoint(step: number): Checkpoint {
  return {
    meta: {
      runId: "r",
      step,
      status: "running",
      kind: "last",
      config: { a: 1 },
      loop: { step },
      optimizer: {},
      task: { note: "ü→x" },
    },
    tensors: new Map([
      ["model/w", {
        dtype: "float32",
        shape: [2, 3],
        values: Float32Array.of(1, -2, 3.5, NaN, 0, 1e-30),
      }],
      ["optimizer/0", { dtype: "int32", shape: [], values: Int32Array.of(-7) }],
      ["task/empty", { dtype: "float32", shape: [0, 4], values: new Float32Array(0) }],
    ]),
  };
}

Deno.test("write → read round-trips tensors bit for bit and the JSON state", () => {
  const dir = Deno.makeTempDirSync();
  writeCheckpoint(dir, sampleCheckpoint(5));
  const back = readCheckpoint(`${dir}/${MANIFEST_FILE}`);
  assertEquals(back.meta.step, 5);
  assertEquals(back.meta.task, { note: "ü→x" });
  assertEquals(back.manifest.format, "rnnlab-checkpoint");
  assertEquals([...back.tensors.get("model/w")!.values], [1, -2, 3.5, NaN, 0, Math.fround(1e-30)]);
  assertEquals(back.tensors.get("model/w")!.shape, [2, 3]);
  assertEquals(back.tensors.get("optimizer/0"), {
    dtype: "int32",
    shape: [],
    values: Int32Array.of(-7),
  });
  assertEquals(back.tensors.get("task/empty")!.values.length, 0);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("a newer checkpoint replaces the older blob and leaves no temporary files", () => {
  const dir = Deno.makeTempDirSync();
  writeCheckpoint(dir, sampleCheckpoint(5));
  writeCheckpoint(dir, sampleCheckpoint(9));
  writeCheckpoint(dir, sampleCheckpoint(9)); // same step twice must not clobber the live blob
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assertEquals(names.length, 2, names.join());
  assert(names.includes(MANIFEST_FILE) && names.every((n) => !n.endsWith(".tmp")));
  assertEquals(readCheckpoint(dir).meta.step, 9);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("missing, truncated or damaged checkpoints are one-line InputErrors", () => {
  const dir = Deno.makeTempDirSync();
  const oneLine = (fn: () => unknown, pattern: RegExp) => {
    const error = assertThrows(fn, InputError);
    assert(pattern.test(error.message), error.message);
    assert(!error.message.includes("\n"));
  };
  oneLine(() => readCheckpoint(dir), /checkpoint\.json: no checkpoint here/);
  writeCheckpoint(dir, sampleCheckpoint(3));
  const blob = `${dir}/${readCheckpoint(dir).manifest.blob.file}`;
  const bytes = Deno.readFileSync(blob);
  Deno.writeFileSync(blob, bytes.subarray(0, bytes.length - 4));
  oneLine(
    () => readCheckpoint(dir),
    /\.bin: is truncated or corrupt: 24 bytes, the manifest says 28/,
  );
  const flipped = bytes.slice();
  flipped[3] ^= 1;
  Deno.writeFileSync(blob, flipped);
  oneLine(() => readCheckpoint(dir), /CRC-32/);
  Deno.removeSync(blob);
  oneLine(() => readCheckpoint(dir), /\.bin: is missing/);
  const manifest = Deno.readTextFileSync(`${dir}/${MANIFEST_FILE}`);
  Deno.writeTextFileSync(`${dir}/${MANIFEST_FILE}`, manifest.slice(0, manifest.length / 2));
  oneLine(() => readCheckpoint(dir), /checkpoint\.json: is truncated or corrupt/);
  Deno.writeTextFileSync(`${dir}/${MANIFEST_FILE}`, '{"format": "something-else"}');
  oneLine(() => readCheckpoint(dir), /not an rnnlab checkpoint/);
  Deno.removeSync(dir, { recursive: true });
});

/** A tiny task: fit `w` to a target that changes with a data position, with a carried tensor. */
class ToyTask implements Task {
  readonly variables = new Map<string, tf.Variable>();
  readonly itemsPerStep = 1;
  position = 0;
  carried: tf.Tensor = tf.zeros([3]);

  constructor(name: string) {
    this.variables.set("w", tf.variable(tf.tensor1d([0.5, -1, 2]), true, `${name}/w`));
  }
  trainLoss(): tf.Scalar {
    const position = ++this.position;
    const target = tf.tensor1d([1, 2, 3].map((x) => Math.sin(x * position)));
    return tf.sum(tf.square(tf.sub(tf.add(this.variables.get("w")!, this.carried), target)));
  }
  afterStep(): void {
    const next = tf.tidy(() => tf.mul(tf.add(this.carried, this.variables.get("w")!), 0.1));
    this.carried.dispose();
    this.carried = next;
  }
  evaluate() {
    return { valLoss: 0 };
  }
  saveState(): TaskState {
    return { json: { position: this.position }, tensors: { carried: this.carried } };
  }
  loadState(state: TaskState): void {
    this.position = state.json.position as number;
    this.carried.dispose();
    this.carried = state.tensors.carried;
  }
  dispose(): void {
    this.carried.dispose();
    for (const v of this.variables.values()) v.dispose();
  }
}

const loopState = (step: number): LoopState => ({
  step,
  itemsSeen: step,
  trainLoss: null,
  norms: [],
  clippedSteps: 0,
  evals: [],
  samples: [],
  lastEval: null,
  firstLoss: null,
  bestValLoss: null,
  trainMs: 0,
  wallSeconds: 0,
});

for (const name of ["adam", "rmsprop", "sgd"] as OptimizerName[]) {
  Deno.test(`${name}: 4 steps, checkpoint, restore, 4 more = 8 uninterrupted steps exactly`, async () => {
    const clip = { mode: "norm" as const, threshold: 1 };
    const run = { id: "toy", config: { training: { optimizer: name } } as unknown as RunConfig };
    const train = async (task: Task, optimizer: tf.Optimizer, steps: number) => {
      for (let i = 0; i < steps; i++) await trainStep(task, optimizer, clip);
    };
    const whole = new ToyTask(`${name}-whole`);
    const wholeOpt = createOptimizer(name, 0.05, { adamEpsilon: 1e-8 });
    await train(whole, wholeOpt, 8);

    const first = new ToyTask(`${name}-first`);
    const firstOpt = createOptimizer(name, 0.05, { adamEpsilon: 1e-8 });
    await train(first, firstOpt, 4);
    const dir = Deno.makeTempDirSync();
    writeCheckpoint(
      dir,
      await captureCheckpoint(run, "last", "running", loopState(4), first, firstOpt),
    );
    const before = tf.memory().numTensors;
    const second = new ToyTask(`${name}-second`);
    const secondOpt = createOptimizer(name, 0.05, { adamEpsilon: 1e-8 });
    await restoreCheckpoint(readCheckpoint(dir), second, secondOpt);
    await train(second, secondOpt, 4);

    assertEquals(second.position, 8);
    assertEquals([...second.variables.get("w")!.dataSync()], [
      ...whole.variables.get("w")!.dataSync(),
    ]);
    assertEquals([...second.carried.dataSync()], [...whole.carried.dataSync()]);
    for (const [task, opt] of [[whole, wholeOpt], [first, firstOpt]] as const) {
      task.dispose();
      opt.dispose();
    }
    second.dispose();
    secondOpt.dispose();
    assert(tf.memory().numTensors <= before, "restoring leaks no tensors");
    Deno.removeSync(dir, { recursive: true });
  });
}

Deno.test("restore rejects a checkpoint whose weights do not fit the model", async () => {
  const dir = Deno.makeTempDirSync();
  const run = { id: "toy", config: { training: { optimizer: "sgd" } } as unknown as RunConfig };
  const task = new ToyTask("fit-a");
  const opt = createOptimizer("sgd", 0.1, { adamEpsilon: 1e-8 });
  await trainStep(task, opt, { mode: "none", threshold: 1 });
  const checkpoint = await captureCheckpoint(run, "last", "running", loopState(1), task, opt);
  checkpoint.tensors.set("model/w", { dtype: "float32", shape: [2], values: new Float32Array(2) });
  writeCheckpoint(dir, checkpoint);
  const other = new ToyTask("fit-b");
  const error = await restoreCheckpoint(
    readCheckpoint(dir),
    other,
    createOptimizer("sgd", 0.1, { adamEpsilon: 1e-8 }),
  )
    .then(() => null, (e) => e);
  assert(error instanceof InputError, String(error));
  assert(/w is \[2\] in the checkpoint but \[3\] in the model/.test(error.message), error.message);
  task.dispose();
  other.dispose();
  opt.dispose();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("resume cuts metrics, events and samples back to the checkpoint's step", () => {
  const dir = Deno.makeTempDirSync();
  const header =
    "step,trainLoss,gradNorm,gradNormClipped,clipped,valLoss,valBpc,valPpl,charsPerSec,wallSeconds,liveTensors,liveBytes";
  const rows = Array.from({ length: 10 }, (_, i) => `${i + 1},2.5,1,1,0,,,,,,,`);
  Deno.writeTextFileSync(`${dir}/metrics.csv`, [header, ...rows].join("\n") + "\n11,2.4,1");
  const events = [
    { type: "eval", step: 5 },
    { type: "checkpoint", step: 6 },
    { type: "status", step: 6, status: "interrupted" },
    { type: "eval", step: 10 },
  ];
  Deno.writeTextFileSync(
    `${dir}/events.jsonl`,
    events.map((e) => JSON.stringify(e)).join("\n") + '\n{"type":"ev',
  );
  const sample = (step: number) => `## step ${step} (quality 0.500)\n\n\`\`\`text\nab\n\`\`\`\n\n`;
  Deno.writeTextFileSync(`${dir}/samples.md`, sample(3) + sample(6) + sample(9) + "## step 12 (q");
  truncateRunFiles(dir, 6);
  const csv = Deno.readTextFileSync(`${dir}/metrics.csv`).trim().split("\n");
  assertEquals(csv[0], header);
  assertEquals(csv.slice(1).map((r) => Number(r.split(",")[0])), [1, 2, 3, 4, 5, 6]);
  const kept = Deno.readTextFileSync(`${dir}/events.jsonl`).trim().split("\n").map((l) =>
    JSON.parse(l)
  );
  assertEquals(kept.map((e) => `${e.type}@${e.step}`), ["eval@5", "checkpoint@6", "checkpoint@6"]);
  assertEquals(kept[2].resumed, true);
  assertEquals(Deno.readTextFileSync(`${dir}/samples.md`), sample(3) + sample(6));
  Deno.removeSync(dir, { recursive: true });
});

/** A fused LSTM char model on fixed tokens: the real kernels, on this process's product path. */
class ModelTask implements Task {
  readonly model: RecurrentModel;
  readonly variables: Map<string, tf.Variable>;
  readonly itemsPerStep = 4 * 6;
  readonly #inputs = tf.tensor2d(
    Array.from({ length: 24 }, (_, i) => (i * 5) % 11),
    [6, 4],
    "int32",
  );
  readonly #targets = tf.tensor1d(Array.from({ length: 24 }, (_, i) => (i * 7) % 11), "int32");

  constructor(name: string) {
    this.model = new RecurrentModel({
      cell: "lstm",
      hidden: 16,
      layers: 2,
      inputSize: 8,
      vocabSize: 11,
      outputSize: 11,
      dropout: 0,
      seed: 3,
      implementation: "fused",
      name,
    });
    this.variables = this.model.variables;
  }
  trainLoss(): tf.Scalar {
    return this.model.crossEntropy(this.#inputs, this.model.zeroState(4), this.#targets, true).loss;
  }
  afterStep(): void {}
  evaluate() {
    return { valLoss: 0 };
  }
  saveState(): TaskState {
    return { json: {}, tensors: {} };
  }
  loadState(): void {}
  dispose(): void {
    this.model.dispose();
    tf.dispose([this.#inputs, this.#targets]);
  }
}

Deno.test(`fused model on wasm (products: ${PRODUCTS.products}): checkpoint + restore = uninterrupted, bit for bit`, async () => {
  await useBackend("wasm");
  try {
    const clip = { mode: "norm" as const, threshold: 0.5 };
    const run = { id: "m", config: { training: { optimizer: "adam" } } as unknown as RunConfig };
    const train = async (task: Task, optimizer: tf.Optimizer, steps: number) => {
      for (let i = 0; i < steps; i++) await trainStep(task, optimizer, clip);
    };
    const whole = new ModelTask("ckpt-whole");
    const wholeOpt = createOptimizer("adam", 0.01, { adamEpsilon: 1e-8 });
    await train(whole, wholeOpt, 6);
    const first = new ModelTask("ckpt-first");
    const firstOpt = createOptimizer("adam", 0.01, { adamEpsilon: 1e-8 });
    await train(first, firstOpt, 3);
    const dir = Deno.makeTempDirSync();
    writeCheckpoint(
      dir,
      await captureCheckpoint(run, "last", "running", loopState(3), first, firstOpt),
    );
    const second = new ModelTask("ckpt-second");
    const secondOpt = createOptimizer("adam", 0.01, { adamEpsilon: 1e-8 });
    await restoreCheckpoint(readCheckpoint(dir), second, secondOpt);
    await train(second, secondOpt, 3);
    for (const [name, v] of whole.variables) {
      assertEquals([...second.variables.get(name)!.dataSync()], [...v.dataSync()], name);
    }
    for (
      const [task, opt] of [[whole, wholeOpt], [first, firstOpt], [second, secondOpt]] as const
    ) {
      task.dispose();
      opt.dispose();
    }
    Deno.removeSync(dir, { recursive: true });
  } finally {
    await useBackend("cpu");
  }
});
