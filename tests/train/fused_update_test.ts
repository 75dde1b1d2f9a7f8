import "../_products.ts";
import * as tf from "@tensorflow/tfjs-core";
import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { type BackendName, useBackend } from "../../src/backend/mod.ts";
import { mulberry32, uniformArray } from "../../src/models/_random.ts";
import { createOptimizer, type OptimizerName } from "../../src/train/optimizers.ts";
import { clipByGlobalNorm, clipByValue } from "../../src/train/clip.ts";
import { fusedUpdate, fusedUpdateApplies, measureClipping } from "../../src/train/_fused_update.ts";
import type { ClipSpec } from "../../src/train/step.ts";
import { assertAllClose } from "../_assert_close.ts";

const SHAPES = [[7, 5], [5], [3, 4, 2]];

/** 5 updates of 3 variables with random gradients; the unfused path is tfjs's ops. */
async function run(name: OptimizerName, clip: ClipSpec, fused: boolean, tag: string) {
  const random = mulberry32(7);
  const rand = (shape: number[], scale: number) =>
    tf.tensor(uniformArray(random, shape.reduce((a, b) => a * b), -scale, scale), shape);
  const vars = SHAPES.map((s, i) => tf.tidy(() => tf.variable(rand(s, 1), true, `fu/${tag}/${i}`)));
  const optimizer = createOptimizer(name, 0.01);
  const norms: number[] = [];
  for (let step = 0; step < 5; step++) {
    const grads = SHAPES.map((s) => rand(s, step === 2 ? 30 : 1)); // step 2 clips
    if (fused) {
      const clipping = measureClipping(grads, clip);
      norms.push(clipping.norm, clipping.clippedNorm);
      fusedUpdate(optimizer, vars, grads, clipping);
    } else {
      const byKey = Object.fromEntries(grads.map((g, i) => [String(i), g]));
      const r = clip.mode === "norm"
        ? await clipByGlobalNorm(byKey, clip.threshold)
        : await clipByValue(byKey, clip.threshold);
      norms.push(r.norm, r.clippedNorm);
      optimizer.applyGradients(Object.fromEntries(vars.map((v, i) => [v.name, r.grads[i]])));
      tf.dispose(Object.values(r.grads));
    }
    tf.dispose(grads);
  }
  const named = await optimizer.getWeights();
  const weights = named.map((w) => w.tensor.dataSync() as Float32Array);
  named[0].tensor.dispose(); // the iteration count, made by getWeights
  const values = vars.map((v) => v.dataSync() as Float32Array);
  tf.dispose(vars);
  optimizer.dispose();
  return { values, weights, norms };
}

for (const backend of ["cpu", "wasm"] as BackendName[]) {
  for (const name of ["adam", "rmsprop", "sgd"] as OptimizerName[]) {
    for (
      const clip of [{ mode: "norm", threshold: 5 }, { mode: "value", threshold: 0.5 }] as const
    ) {
      Deno.test(`fused ${clip.mode} clip + ${name} = tfjs's ops (${backend})`, async () => {
        await useBackend(backend);
        const before = tf.memory().numTensors;
        const expected = await run(name, clip, false, `${backend}-${name}-${clip.mode}-ops`);
        const actual = await run(name, clip, true, `${backend}-${name}-${clip.mode}-fused`);
        assertEquals(tf.memory().numTensors, before, "no tensor leaks");
        const tolerance = { abs: 2e-6, rel: 1e-5 };
        actual.values.forEach((v, i) =>
          assertAllClose(v, expected.values[i], tolerance, `var ${i}`)
        );
        assertEquals(actual.weights.length, expected.weights.length, "same optimiser slots");
        actual.weights.forEach((w, i) =>
          assertAllClose(w, expected.weights[i], tolerance, `optimiser weight ${i}`)
        );
        actual.norms.forEach((n, i) => assertAlmostEquals(n, expected.norms[i], 1e-4 * n));
        assert(actual.norms[4] > actual.norms[5], "step 2 was clipped");
      });
    }
  }
}

Deno.test("the fused update applies on wasm and cpu, not to a centered RMSProp", async () => {
  await useBackend("cpu");
  assert(fusedUpdateApplies(createOptimizer("adam", 0.1)));
  assert(!fusedUpdateApplies(tf.train.rmsprop(0.1, 0.9, 0, 1e-7, true)));
});
