import * as tf from "@tensorflow/tfjs-core";
import { assertEquals } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { mulberry32, uniformArray } from "../../src/_random.ts";
import { assertAllClose } from "../_assert_close.ts";

const TOLERANCE = { abs: 1e-5, rel: 1e-5 };

/** Products in every transpose/batch form, and matMul's gradients, read back. */
function products(): Float32Array[] {
  const random = mulberry32(3);
  const t = (shape: number[]) =>
    tf.tensor(uniformArray(random, shape.reduce((a, b) => a * b), -1, 1), shape);
  return tf.tidy(() => {
    const a = t([5, 3]), b = t([3, 4]), aT = t([3, 5]), bT = t([4, 3]), batch = t([2, 5, 3]);
    const bias = t([4]);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D)))
    )([a, b]);
    const fused = tf.fused.matMul({ a: aT, b: bT, transposeA: true, transposeB: true, bias });
    return [
      tf.matMul(a, b),
      tf.matMul(aT, b, true, false),
      tf.matMul(a, bT, false, true),
      tf.matMul(aT, bT, true, true),
      tf.matMul(batch, b),
      tf.matMul(batch, bT, false, true),
      fused,
      ga,
      gb,
    ].map((x) => x.dataSync() as Float32Array);
  });
}

Deno.test("wasm products with transposes and batches equal cpu's (shapes and values)", async () => {
  await useBackend("cpu");
  const expected = products();
  await useBackend("wasm");
  const before = tf.memory().numTensors;
  const actual = products();
  assertEquals(tf.memory().numTensors, before);
  expected.forEach((e, i) => assertAllClose(actual[i], e, TOLERANCE, `product ${i}`));
  const shape = tf.tidy(() => tf.matMul(tf.ones([2, 5, 3]), tf.ones([3, 4])).shape);
  assertEquals(shape, [2, 5, 4]);
});

Deno.test("wasm BatchMatMul and _FusedMatMul are rnnlab's wrappers after useBackend", async () => {
  await useBackend("wasm");
  for (const name of ["BatchMatMul", "_FusedMatMul"]) {
    const source = tf.getKernel(name, "wasm")!.kernelFunc.toString();
    assertEquals(source.includes("swapLast"), true, name);
  }
});

Deno.test("wasm Transpose of the last two axes equals cpu's; other permutations work", async () => {
  const run = () =>
    tf.tidy(() => {
      const x = tf.range(0, 2 * 19 * 37).reshape([2, 19, 37]);
      return [
        tf.transpose(x, [0, 2, 1]),
        tf.transpose(x.reshape([38, 37])),
        tf.transpose(x, [2, 0, 1]),
        tf.transpose(x.cast("int32"), [0, 2, 1]),
      ].map((t) => Array.from(t.dataSync()));
    });
  await useBackend("cpu");
  const expected = run();
  await useBackend("wasm");
  assertEquals(run(), expected);
});

Deno.test("wasm clones share storage, outlive their source, count bytes once", async () => {
  await useBackend("wasm");
  const before = tf.memory();
  const x = tf.tensor2d([[1, 2], [3, 4]]);
  const y = tf.clone(x);
  assertEquals(tf.memory().numTensors, before.numTensors + 2);
  x.dispose();
  assertEquals(Array.from(y.dataSync()), [1, 2, 3, 4]);
  const z = tf.add(y, 1); // other kernels still read it
  assertEquals(Array.from(z.dataSync()), [2, 3, 4, 5]);
  tf.dispose([y, z]);
  assertEquals(tf.memory().numTensors, before.numTensors);
  assertEquals(tf.memory().numBytes, before.numBytes);
  const strings = tf.tensor1d(["a", "b"], "string");
  const copy = tf.clone(strings);
  strings.dispose();
  assertEquals(Array.from(copy.dataSync() as unknown as string[]), ["a", "b"]);
  copy.dispose();
});
