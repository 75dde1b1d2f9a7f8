/**
 * Reading tensors back to JavaScript. Always asynchronous: tfjs-webgpu can only read
 * asynchronously under Deno, and on wasm/cpu the await costs next to nothing.
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";

/**
 * The values of `t`, then dispose it.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import * as tf from "@tensorflow/tfjs-core";
 * import { useBackend } from "./mod.ts";
 * import { readValues } from "./read.ts";
 * await useBackend("cpu");
 * assert((await readValues(tf.tensor1d([1, 2]))).join() === "1,2");
 * ```
 */
export async function readValues(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** The first value of `t`, then dispose it. */
export async function readScalar(t: tf.Tensor): Promise<number> {
  return (await readValues(t))[0];
}
