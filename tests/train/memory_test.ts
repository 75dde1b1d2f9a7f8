import "../_products.ts";
import * as tf from "@tensorflow/tfjs-core";
import { assertEquals } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { SpeedRun } from "../../src/cli/_speed_task.ts";
import type { CellKind } from "../../src/models/cell.ts";

/** Bytes of the wasm heap (it only grows, so scratch or packed weights never freed show here). */
function wasmHeapBytes(): number {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } };
  return backend.wasm?.HEAPU8.length ?? 0;
}

/** Train a tiny model `steps` times; return live tensors and bytes after warm-up and at the end. */
async function liveAcross(cell: CellKind, steps: number) {
  const run = new SpeedRun({
    cell,
    hidden: 8,
    batch: 4,
    seq: 6,
    layers: 2,
    vocab: 11,
    embedding: 5,
    implementation: "fused",
  });
  // Adam creates its moment slots on the first step; measure from there.
  for (let i = 0; i < 3; i++) await run.trainStep();
  const start = tf.memory(), startHeap = wasmHeapBytes();
  let loss = 0;
  for (let i = 0; i < steps; i++) loss = await run.trainStep();
  const end = tf.memory(), endHeap = wasmHeapBytes();
  await run.forwardLoss();
  const afterForward = tf.memory();
  run.dispose();
  return { start, end, afterForward, loss, startHeap, endHeap };
}

for (const backend of ["wasm", "cpu"] as const) {
  Deno.test(`live tensors and bytes stay flat over 1,000 fused steps on ${backend}`, async () => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const { start, end, afterForward, loss, startHeap, endHeap } = await liveAcross("lstm", 1000);
    assertEquals(endHeap, startHeap, "wasm heap size");
    assertEquals(end.numTensors, start.numTensors, "live tensors");
    assertEquals(end.numBytes, start.numBytes, "live bytes");
    assertEquals(afterForward.numTensors, end.numTensors, "forward-only pass leaks");
    assertEquals(Number.isFinite(loss), true, "loss stays finite");
    assertEquals(tf.memory().numTensors, before, "everything released by dispose()");
  });
}

Deno.test("gru and rnn training steps leak nothing either (wasm, 200 steps)", async () => {
  await useBackend("wasm");
  for (const cell of ["gru", "rnn"] as const) {
    const { start, end } = await liveAcross(cell, 200);
    assertEquals([end.numTensors, end.numBytes], [start.numTensors, start.numBytes], cell);
  }
});
