import "../_products.ts";
import * as tf from "@tensorflow/tfjs-core";
import { assertEquals, assertThrows } from "@std/assert";
import { type BackendName, useBackend } from "../../src/backend/mod.ts";
import type { CellKind, SequenceFn } from "../../src/models/cell.ts";
import { CELL_KINDS, cellOf } from "../../src/models/cells/mod.ts";
import { initCellWeights } from "../../src/models/init.ts";
import { mulberry32, uniformArray } from "../../src/_random.ts";
import {
  fusedSequence,
  fusedWorkerRunning,
  startFusedWorker,
  stopFusedWorker,
} from "../../src/models/fused/mod.ts";
import { referenceSequence } from "../../src/models/reference/mod.ts";
import { InputError } from "../../src/errors.ts";
import { assertMatchesGolden, GOLDEN_TOLERANCE } from "../_golden.ts";
import { assertAllClose } from "../_assert_close.ts";
import { simdActivations } from "../../src/models/fused/_simd.ts";
import { holdHelperJobs } from "../../src/models/fused/_parallel.ts";
import { sigmoid, tanh } from "../../src/models/fused/_math.ts";

/** The activations' accuracy: float32 rounding plus the rational approximation (≤ 3.3e-7). */
const TIGHT = { abs: 4e-7, rel: 0 };

const BACKENDS: BackendName[] = ["cpu", "wasm"];

for (const kind of CELL_KINDS) {
  Deno.test(`fused ${kind} matches PyTorch: outputs, state, every gradient (cpu and wasm)`, () =>
    assertMatchesGolden(kind, fusedSequence, BACKENDS));
}

/** Everything one random case produces: hs and final states of 2 chained calls, all gradients. */
function runChained(
  sequence: SequenceFn,
  kind: CellKind,
  seed: number,
  sizes: { T: number; B: number; E: number; H: number },
  afterForward?: () => void,
): Float32Array[] {
  const { T, B, E, H } = sizes;
  const random = mulberry32(seed);
  const tensor = (shape: number[]) =>
    tf.tensor(uniformArray(random, shape.reduce((a, b) => a * b), -1, 1), shape);
  const weights = initCellWeights(kind, E, H, seed, `fused-test/${kind}/${seed}`);
  const variable = (shape: number[]) => tf.tidy(() => tf.variable(tensor(shape)));
  const xs = variable([2, T, B, E]);
  const state0 = Array.from({ length: cellOf(kind).state.length }, () => variable([B, H]));
  const probe = tensor([2, T, B, H]);
  const vars = [weights.wx, weights.wh, weights.bx, weights.bh, xs, ...state0];
  let outs: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    // Two calls, the second starting from the first's final state: carried state.
    const [x1, x2] = tf.unstack(xs) as tf.Tensor3D[];
    const [p1, p2] = tf.unstack(probe);
    const first = sequence(kind, weights, x1, state0 as tf.Tensor2D[]);
    const second = sequence(kind, weights, x2, first.state);
    afterForward?.();
    outs = [first.hs, second.hs, ...second.state].map((t) => tf.keep(t));
    const stateLoss = tf.addN(second.state.map((s) => tf.sum(tf.mul(s, s))));
    return tf.addN([
      tf.sum(tf.mul(first.hs, p1)),
      tf.sum(tf.mul(second.hs, p2)),
      stateLoss,
    ]) as tf.Scalar;
  }, vars);
  const result = [
    ...outs.map((t) => t.dataSync() as Float32Array),
    new Float32Array([value.dataSync()[0]]),
    ...vars.map((v) => grads[v.name].dataSync() as Float32Array),
  ];
  tf.dispose([...outs, value, probe, ...Object.values(grads), ...vars]);
  return result;
}

for (const kind of CELL_KINDS) {
  Deno.test(`fused ${kind} equals the reference on a random case with carried state`, async () => {
    const sizes = { T: 7, B: 4, E: 5, H: 9 };
    for (const backend of BACKENDS) {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const expected = runChained(referenceSequence, kind, 11, sizes);
      const actual = runChained(fusedSequence, kind, 11, sizes);
      expected.forEach((e, i) =>
        assertAllClose(actual[i], e, GOLDEN_TOLERANCE, `${kind} ${backend} result ${i}`)
      );
      assertEquals(tf.memory().numTensors, before, `${kind} ${backend}: tensors leaked`);
    }
  });
}

Deno.test("fused and reference agree at training sizes on wasm (lstm, H = 64)", async () => {
  await useBackend("wasm");
  const sizes = { T: 16, B: 8, E: 12, H: 64 };
  const expected = runChained(referenceSequence, "lstm", 5, sizes);
  const actual = runChained(fusedSequence, "lstm", 5, sizes);
  expected.forEach((e, i) => assertAllClose(actual[i], e, GOLDEN_TOLERANCE, `lstm result ${i}`));
});

Deno.test("fused forward without a tape leaves only its outputs", async () => {
  for (const backend of BACKENDS) {
    await useBackend(backend);
    for (const kind of CELL_KINDS) {
      const weights = initCellWeights(kind, 3, 4, 1, `fused-test/notape/${kind}`);
      const state = Array.from({ length: cellOf(kind).state.length }, () => tf.zeros([2, 4]));
      const xs = tf.ones([5, 2, 3]) as tf.Tensor3D;
      const before = tf.memory().numTensors;
      const out = fusedSequence(kind, weights, xs, state as tf.Tensor2D[]);
      assertEquals(tf.memory().numTensors - before, 1 + state.length, `${kind} on ${backend}`);
      tf.dispose([out.hs, ...out.state, xs, ...state, ...Object.values(weights)]);
    }
  }
});

Deno.test("fused rejects mismatched shapes and other backends with an InputError", async () => {
  await useBackend("cpu");
  const weights = initCellWeights("gru", 3, 4, 1, "fused-test/bad");
  const xs = tf.zeros([5, 2, 3]) as tf.Tensor3D;
  assertThrows(
    () => fusedSequence("gru", weights, xs, [tf.zeros([2, 5]) as tf.Tensor2D]),
    InputError,
    "state[0] must be [2,4]",
  );
  assertThrows(() => fusedSequence("lstm", weights, xs, []), InputError, "state must hold 2");
  tf.dispose([xs, ...Object.values(weights)]);
});

Deno.test("fused with the helper worker: batch split over two threads, same results", async () => {
  await useBackend("wasm");
  await startFusedWorker({ minWork: 0 }); // split every call, however small
  try {
    assertEquals(fusedWorkerRunning(), true);
    for (const kind of CELL_KINDS) {
      await assertMatchesGolden(kind, fusedSequence, ["wasm"]); // B = 3: shares of 1 and 2 rows
      const sizes = { T: 6, B: 5, E: 4, H: 7 };
      const expected = runChained(referenceSequence, kind, 13, sizes);
      const actual = runChained(fusedSequence, kind, 13, sizes);
      expected.forEach((e, i) =>
        assertAllClose(actual[i], e, GOLDEN_TOLERANCE, `${kind} split, result ${i}`)
      );
      // The helper never gets the jobs: the main thread takes each share back and runs it.
      holdHelperJobs(true);
      const reclaimed = runChained(fusedSequence, kind, 13, sizes);
      holdHelperJobs(false);
      expected.forEach((e, i) =>
        assertAllClose(reclaimed[i], e, GOLDEN_TOLERANCE, `${kind} split, reclaimed, result ${i}`)
      );
      // The worker stops between forward and backward: backward still splits as forward did.
      const local = runChained(fusedSequence, kind, 13, sizes, () => stopFusedWorker());
      expected.forEach((e, i) =>
        assertAllClose(local[i], e, GOLDEN_TOLERANCE, `${kind} split, no worker, result ${i}`)
      );
      await startFusedWorker({ minWork: 0 });
    }
  } finally {
    stopFusedWorker();
  }
});

Deno.test("SIMD activations match sigmoid and tanh to float32 accuracy, in place", () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const simd = simdActivations(memory);
  assertEquals(simd !== null, true, "WebAssembly SIMD is available");
  const n = 4096, at = 64;
  const xs = Float32Array.from({ length: n }, (_, i) => (i - n / 2) / 100); // ±20.48
  const view = new Float32Array(memory.buffer, at, n + 4);
  view.fill(7, n); // floats after the run must stay untouched
  view.set(xs);
  simd!.sigmoid(at, n);
  assertAllClose(view.subarray(0, n), xs.map((x) => 1 / (1 + Math.exp(-x))), TIGHT, "sigmoid");
  view.set(xs);
  simd!.tanh(at, n);
  assertAllClose(view.subarray(0, n), xs.map(Math.tanh), TIGHT, "tanh");
  assertEquals(Array.from(view.subarray(n)), [7, 7, 7, 7]);
  assertAllClose(xs.map(tanh), xs.map(Math.tanh), TIGHT, "scalar tanh");
  assertAllClose(xs.map(sigmoid), xs.map((x) => 1 / (1 + Math.exp(-x))), TIGHT, "scalar sigmoid");
});
