import "../_products.ts";
import * as tf from "@tensorflow/tfjs-core";
import { assertAlmostEquals, assertEquals } from "@std/assert";
import { type BackendName, useBackend } from "../../src/backend/mod.ts";
import { mulberry32, uniformArray } from "../../src/_random.ts";
import { headCrossEntropy } from "../../src/models/head_loss.ts";
import { assertAllClose } from "../_assert_close.ts";

/** Loss and gradients w.r.t. h, w, b of the head on a random case, fused or as tfjs ops. */
function lossAndGrads(fused: boolean, N: number, H: number, V: number): Float32Array[] {
  const random = mulberry32(N * 31 + H);
  const t = (shape: number[], scale: number) =>
    tf.tensor(uniformArray(random, shape.reduce((a, b) => a * b), -scale, scale), shape);
  const h = t([N, H], 1) as tf.Tensor2D, w = t([H, V], 2) as tf.Tensor2D;
  const b = t([V], 3) as tf.Tensor1D;
  const targets = tf.tensor1d(Array.from({ length: N }, () => Math.floor(random() * V)), "int32");
  const { value, grads } = tf.valueAndGrads((hh: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
    headCrossEntropy(hh as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, targets, fused)
  )([h, w, b]);
  const out = [value, ...grads].map((x) => x.dataSync() as Float32Array);
  tf.dispose([value, ...grads, h, w, b, targets]);
  return out;
}

for (const backend of ["cpu", "wasm"] as BackendName[]) {
  Deno.test(`fused head + cross-entropy = tfjs's ops: loss, dh, dw, db (${backend})`, async () => {
    await useBackend(backend);
    for (const [N, H, V] of [[6, 4, 5], [130, 33, 65]]) {
      const before = tf.memory().numTensors;
      const expected = lossAndGrads(false, N, H, V);
      const actual = lossAndGrads(true, N, H, V);
      assertEquals(tf.memory().numTensors, before, "no tensor leaks");
      const names = ["loss", "dh", "dw", "db"];
      expected.forEach((e, i) =>
        assertAllClose(actual[i], e, { abs: 1e-6, rel: 1e-5 }, `${names[i]} at ${N}×${H}×${V}`)
      );
    }
  });
}

Deno.test("fused head + cross-entropy stays finite for huge logits (log-sum-exp)", async () => {
  await useBackend("wasm");
  const loss = tf.tidy(() =>
    headCrossEntropy(
      tf.tensor2d([[100, -100]]),
      tf.tensor2d([[2, -1], [0, 0]]),
      tf.zeros([2]) as tf.Tensor1D,
      tf.tensor1d([1], "int32"),
    )
  );
  // logits [200, −100]: −log softmax[1] = 300 (exp(200) alone overflows float32).
  assertAlmostEquals(loss.dataSync()[0], 300, 1e-3);
  loss.dispose();
});
