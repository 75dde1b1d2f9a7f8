/**
 * Every registered cell, whatever it is, must train through both implementations and match its
 * float64 reference: a new cell in the registry is checked here without a line of test code
 * (its float64 step in `tests/_reference64.ts` is required by the type checker, its PyTorch
 * golden by `golden_test.ts`).
 */
import * as tf from "@tensorflow/tfjs-core";
import { assert } from "@std/assert";
import { type BackendName, useBackend } from "../../src/backend/mod.ts";
import type { CellKind } from "../../src/models/cell.ts";
import { CELL_KINDS, cellOf } from "../../src/models/cells/mod.ts";
import { RecurrentModel } from "../../src/models/model.ts";
import type { Implementation } from "../../src/models/sequences.ts";
import { mulberry32, uniformArray } from "../../src/_random.ts";
import { assertAllClose } from "../_assert_close.ts";
import { sequence64 } from "../_reference64.ts";

const T = 6, B = 4, E = 3, H = 8, STEPS = 120;
/**
 * Steps over which fused and reference must agree: float32 rounding differences grow with every
 * update (fastest in nfg, whose carried cell state only grows), so agreement is checked over the
 * first 30, as PyTorch parity is; learning is checked over all of them.
 */
const AGREE = 30;

/** A toy regression that needs memory: the first input feature of the step before (0 at t = 0). */
function batches(seed: number): { xs: tf.Tensor3D; ys: tf.Tensor2D }[] {
  const random = mulberry32(seed);
  return Array.from({ length: 4 }, () => {
    const values = uniformArray(random, T * B * E, -1, 1);
    const targets = new Float32Array(T * B);
    for (let t = 1; t < T; t++) {
      for (let b = 0; b < B; b++) targets[t * B + b] = values[((t - 1) * B + b) * E];
    }
    return { xs: tf.tensor3d(values, [T, B, E]), ys: tf.tensor2d(targets, [T * B, 1]) };
  });
}

/** Train `kind` for {@link STEPS} Adam steps, the state carried across batches. */
function train(kind: CellKind, implementation: Implementation, backend: BackendName) {
  const model = new RecurrentModel({
    cell: kind,
    hidden: H,
    layers: 2,
    inputSize: E,
    outputSize: 1,
    dropout: 0,
    seed: 5,
    implementation,
    name: `every-cell/${backend}/${kind}/${implementation}`,
    init: { scheme: "uniform", forgetBias: 1 },
  });
  const data = batches(9);
  const optimizer = tf.train.adam(0.05);
  let state = model.zeroState(B);
  const losses: number[] = [];
  let weights: Float32Array[] = [];
  for (let step = 0; step < STEPS; step++) {
    const { xs, ys } = data[step % data.length];
    let next = state;
    const loss = optimizer.minimize(() => {
      const out = model.forward(xs, state, true);
      next = out.state.map((layer) => layer.map((s) => tf.keep(s)));
      return tf.losses.meanSquaredError(ys, out.outputs) as tf.Scalar;
    }, true)!;
    losses.push(loss.dataSync()[0]);
    tf.dispose([loss, ...state.flat()]);
    state = next;
    if (step === AGREE - 1) {
      weights = [...model.variables.values()].map((v) => v.dataSync().slice() as Float32Array);
    }
  }
  tf.dispose([...state.flat(), ...data.flatMap((d) => [d.xs, d.ys])]);
  optimizer.dispose();
  model.dispose();
  return { losses, weights };
}

for (const kind of CELL_KINDS) {
  Deno.test(`${kind}: its first layer at init equals the float64 reference`, async () => {
    await useBackend("cpu");
    const cell = cellOf(kind);
    for (const implementation of ["fused", "reference"] as const) {
      const model = new RecurrentModel({
        cell: kind,
        hidden: H,
        layers: 1,
        inputSize: E,
        outputSize: 1,
        dropout: 0,
        seed: 2,
        implementation,
        name: `every-cell/f64/${kind}/${implementation}`,
        init: { scheme: "xavier-orthogonal", forgetBias: 1 },
      });
      const [{ xs }] = batches(4);
      const state = cell.state.map((_, p) =>
        tf.tensor2d(uniformArray(mulberry32(p + 1), B * H, -1, 1), [B, H])
      );
      const out = model.forward(xs, [state], false);
      const read = (t: tf.Tensor) => Float64Array.from(t.dataSync());
      const layer = model.layers[0];
      const expected = sequence64({
        kind,
        steps: T,
        batch: B,
        inputSize: E,
        hidden: H,
        wx: read(layer.wx),
        wh: read(layer.wh),
        bx: read(layer.bx),
        bh: read(layer.bh),
        xs: read(xs),
        h0: read(state[0]),
        c0: state[1] ? read(state[1]) : undefined,
      });
      const tolerance = { abs: 1e-5, rel: 1e-4 };
      assertAllClose(out.hidden.dataSync(), expected.hs, tolerance, `${kind} ${implementation} hs`);
      if (expected.c) {
        assertAllClose(out.state[0][1].dataSync(), expected.c, tolerance, `${kind} c_T`);
      }
      tf.dispose([xs, out.outputs, out.hidden, ...out.state.flat(), ...state]);
      model.dispose();
    }
  });

  Deno.test(`${kind} trains through fused and reference alike, carried state (cpu, wasm)`, async () => {
    for (const backend of ["cpu", "wasm"] as const) {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const reference = train(kind, "reference", backend);
      const fused = train(kind, "fused", backend);
      const agreeing = (losses: number[]) => losses.slice(0, AGREE);
      assertAllClose(
        agreeing(fused.losses),
        agreeing(reference.losses),
        { abs: 1e-4, rel: 1e-3 },
        `${kind} losses`,
      );
      fused.weights.forEach((w, i) =>
        assertAllClose(w, reference.weights[i], { abs: 1e-3, rel: 0 }, `${kind} weights ${i}`)
      );
      // Predicting 0 scores the targets' variance, (5/6)·(1/3) ≈ 0.28; a cell that learns does far
      // better over the last 10 steps.
      for (const [name, run] of [["fused", fused], ["reference", reference]] as const) {
        const late = run.losses.slice(-10).reduce((a, b) => a + b) / 10;
        assert(late < 0.1, `${kind} ${name} on ${backend} learns: late mean loss ${late}`);
      }
      assert(tf.memory().numTensors === before, `${kind} on ${backend}: tensors leaked`);
    }
  });
}
