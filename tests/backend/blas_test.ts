/**
 * The native product path: library discovery and `RNNLAB_BLAS`, `products` resolution, and the
 * BLAS products (wasm `BatchMatMul` in every transpose/batch form, the fused cells' workspace)
 * against the backend's own. Needs an optimised BLAS (CI installs libopenblas0-pthread) unless
 * `RNNLAB_BLAS=none`, which skips the tests that need one.
 */
import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals, assertThrows } from "@std/assert";
import { BLAS_ENV, resolveProducts, useBackend } from "../../src/backend/mod.ts";
import { mulberry32, uniformArray } from "../../src/_random.ts";
import { InputError } from "../../src/errors.ts";
import { assertAllClose } from "../_assert_close.ts";

const NO_BLAS = Deno.env.get(BLAS_ENV) === "none";

/** Run `f` with `RNNLAB_BLAS` set to `value` (or unset), restoring it after. */
function withEnv<T>(value: string | undefined, f: () => T): T {
  const before = Deno.env.get(BLAS_ENV);
  if (value === undefined) Deno.env.delete(BLAS_ENV);
  else Deno.env.set(BLAS_ENV, value);
  try {
    return f();
  } finally {
    if (before === undefined) Deno.env.delete(BLAS_ENV);
    else Deno.env.set(BLAS_ENV, before);
  }
}

Deno.test("RNNLAB_BLAS=none: auto resolves to wasm, blas is an InputError naming the variable", () => {
  withEnv("none", () => {
    assertEquals(resolveProducts("auto", 1, true), { products: "wasm", blas: null });
    assertThrows(() => resolveProducts("blas"), InputError, "RNNLAB_BLAS=none");
  });
  assertEquals(resolveProducts("wasm"), { products: "wasm", blas: null });
});

Deno.test("RNNLAB_BLAS naming a missing file is an InputError naming the variable", () => {
  withEnv("/no/such/libopenblas.so.0", () => {
    assertThrows(() => resolveProducts("auto"), InputError, "RNNLAB_BLAS: no file at");
  });
});

Deno.test({
  name: "a system BLAS is found, loaded with 1 thread, and named with its version",
  ignore: NO_BLAS,
  fn: () => {
    const runtime = withEnv(undefined, () => resolveProducts("auto", 1, true));
    assertEquals(runtime.products, "blas");
    const blas = runtime.blas!;
    assert(Deno.statSync(blas.path).isFile, blas.path);
    assert(!/gslcblas|\/libblas\.so/.test(blas.path), "never reference or GSL CBLAS");
    assertEquals(blas.threads, 1);
    assert(blas.version.length > 0);
    resolveProducts("wasm");
  },
});

/** Products in every transpose/batch form and matMul's gradients, read back. */
function products(): Float32Array[] {
  const random = mulberry32(5);
  const t = (shape: number[]) =>
    tf.tensor(uniformArray(random, shape.reduce((a, b) => a * b), -1, 1), shape);
  return tf.tidy(() => {
    const a = t([37, 19]), b = t([19, 23]), aT = t([19, 37]), bT = t([23, 19]);
    const batch = t([3, 37, 19]), batchB = t([3, 19, 23]);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D)))
    )([a, b]);
    return [
      tf.matMul(a, b),
      tf.matMul(aT, b, true, false),
      tf.matMul(a, bT, false, true),
      tf.matMul(aT, bT, true, true),
      tf.matMul(batch, b),
      tf.matMul(batch, bT, false, true),
      tf.matMul(batch, batchB),
      tf.matMul(
        tf.transpose(batch, [0, 2, 1]),
        batchB,
        true,
        false,
      ),
      ga,
      gb,
    ].map((x) => x.dataSync() as Float32Array);
  });
}

Deno.test({
  name: "wasm products on the BLAS equal XNNPACK's, and repeat bit for bit",
  ignore: NO_BLAS,
  fn: async () => {
    await useBackend("wasm");
    resolveProducts("wasm");
    const expected = products();
    resolveProducts("blas", 1, true);
    try {
      const before = tf.memory().numTensors;
      const actual = products();
      assertEquals(tf.memory().numTensors, before, "no tensor leaks");
      expected.forEach((e, i) => assertAllClose(actual[i], e, { abs: 1e-5, rel: 1e-5 }, `${i}`));
      assertEquals(products(), actual, "deterministic");
    } finally {
      resolveProducts("wasm");
    }
  },
});
