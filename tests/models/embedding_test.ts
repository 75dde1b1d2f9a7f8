import "../_products.ts";
import * as tf from "@tensorflow/tfjs-core";
import { assertEquals } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { embed } from "../../src/models/embedding.ts";
import { assertAllClose } from "../_assert_close.ts";

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test(`embed gathers rows and scatter-adds its gradient on ${backend}`, async () => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const table = tf.tidy(() => tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]])));
    const ids = tf.tensor1d([3, 0, 3, 1, 7, -1], "int32");
    const weights = tf.tensor2d([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6]]);
    const rows = embed(table, ids);
    // Ids outside the table give zero rows, as tf.gather does, and no gradient.
    assertEquals(Array.from(rows.dataSync()), [7, 8, 1, 2, 7, 8, 3, 4, 0, 0, 0, 0]);
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.mul(embed(table, ids), weights)) as tf.Scalar,
      [table],
    );
    assertAllClose(
      grads[table.name].dataSync(),
      [2, 2, 4, 4, 0, 0, 4, 4],
      { abs: 0, rel: 0 },
      "grad",
    );
    tf.dispose([table, ids, weights, rows, value, ...Object.values(grads)]);
    assertEquals(tf.memory().numTensors, before);
  });
}
