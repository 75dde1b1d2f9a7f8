import "../_products.ts";
import * as tf from "@tensorflow/tfjs-core";
import { assertEquals, assertRejects } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { InputError } from "../../src/errors.ts";
import { clipByGlobalNorm, clipByValue } from "../../src/train/clip.ts";
import { assertAllClose } from "../_assert_close.ts";
import { flat, type Nested } from "../_golden.ts";

interface ClipGolden {
  max_norm: number;
  grads: Nested[];
  total_norm: number;
  clipped: Nested[];
}

const golden = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/golden/clip_norm.json", import.meta.url)),
) as ClipGolden;

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test(`clipByGlobalNorm matches torch clip_grad_norm_ (${backend})`, async () => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const grads = Object.fromEntries(
      golden.grads.map((g, i) => [`g${i}`, tf.tensor(g as number[])]),
    );
    const result = await clipByGlobalNorm(grads, golden.max_norm);
    assertAllClose([result.norm], [golden.total_norm], { abs: 0, rel: 1e-6 }, "total_norm");
    assertEquals(result.clipped, true);
    assertAllClose([result.clippedNorm], [golden.max_norm], { abs: 0, rel: 1e-5 }, "clipped norm");
    golden.clipped.forEach((expected, i) => {
      const got = result.grads[`g${i}`];
      assertEquals(got.shape, grads[`g${i}`].shape);
      assertAllClose(got.dataSync(), flat(expected), { abs: 1e-6, rel: 1e-5 }, `clipped g${i}`);
    });
    tf.dispose([...Object.values(grads), ...Object.values(result.grads)]);
    assertEquals(tf.memory().numTensors, before, "tensors leaked");
  });
}

Deno.test("clipByGlobalNorm leaves gradients under the threshold unchanged", async () => {
  await useBackend("cpu");
  const grads = { a: tf.tensor1d([0.3, -0.4]) };
  const result = await clipByGlobalNorm(grads, 5);
  assertEquals(result.clipped, false);
  assertAllClose([result.norm, result.clippedNorm], [0.5, 0.5], { abs: 1e-7, rel: 0 }, "norms");
  assertAllClose(result.grads.a.dataSync(), [0.3, -0.4], { abs: 0, rel: 1e-7 }, "unchanged");
  grads.a.dispose();
  // A new tensor, not the input: still readable after the input is disposed.
  assertEquals(result.grads.a.isDisposed, false);
  result.grads.a.dispose();
});

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test(`clipByValue clamps element-wise and reports both norms (${backend})`, async () => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const grads = {
      w: tf.tensor2d([[0.5, -7], [2, 0]]),
      b: tf.tensor1d([-1, 3]),
    };
    const result = await clipByValue(grads, 1.5);
    assertAllClose(result.grads.w.dataSync(), [0.5, -1.5, 1.5, 0], { abs: 0, rel: 0 }, "w");
    assertAllClose(result.grads.b.dataSync(), [-1, 1.5], { abs: 0, rel: 0 }, "b");
    assertEquals(result.clipped, true);
    // before: √(0.25 + 49 + 4 + 1 + 9) ; after: √(0.25 + 2.25 + 2.25 + 1 + 2.25)
    assertAllClose([result.norm], [Math.sqrt(63.25)], { abs: 0, rel: 1e-6 }, "norm before");
    assertAllClose([result.clippedNorm], [Math.sqrt(8)], { abs: 0, rel: 1e-6 }, "norm after");
    tf.dispose([...Object.values(grads), ...Object.values(result.grads)]);
    assertEquals(tf.memory().numTensors, before, "tensors leaked");

    const small = { w: tf.tensor1d([1.5, -1]) };
    const untouched = await clipByValue(small, 1.5);
    assertEquals(untouched.clipped, false);
    assertAllClose([untouched.norm], [untouched.clippedNorm], { abs: 0, rel: 0 }, "same norm");
    tf.dispose([small.w, untouched.grads.w]);
  });
}

Deno.test("clipping rejects a non-positive threshold with an InputError", async () => {
  await assertRejects(() => clipByGlobalNorm({}, 0), InputError, "positive");
  await assertRejects(() => clipByValue({}, -1), InputError, "positive");
  await assertRejects(() => clipByGlobalNorm({}, NaN), InputError, "positive");
});
