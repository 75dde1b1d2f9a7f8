import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import type { CellWeights } from "../../src/models/cell.ts";
import { CELL_KINDS, cellOf, gateCount } from "../../src/models/cells/mod.ts";
import { assertAllClose } from "../_assert_close.ts";
import { cellParamCount, countParams, initCellWeights } from "../../src/models/init.ts";
import { InputError } from "../../src/errors.ts";

const dispose = (w: CellWeights) => tf.dispose(Object.values(w));

Deno.test("at equal hidden and input size lstm has exactly 4× rnn's parameters, gru 3×", async () => {
  await useBackend("cpu");
  for (const [inputSize, hidden] of [[32, 128], [7, 7], [65, 3]]) {
    const counts = Object.fromEntries(CELL_KINDS.map((kind) => {
      const w = initCellWeights(kind, inputSize, hidden, 1, `count/${kind}`);
      const n = countParams(w);
      dispose(w);
      assertEquals(n, cellParamCount(kind, inputSize, hidden), `${kind} count formula`);
      return [kind, n];
    }));
    assertEquals(counts.rnn, hidden * (inputSize + hidden + 2));
    assertEquals(counts.lstm, 4 * counts.rnn);
    assertEquals(counts.gru, 3 * counts.rnn);
  }
});

Deno.test("initCellWeights: shapes, names, ±1/√H bounds, seeded", async () => {
  await useBackend("cpu");
  const before = tf.memory().numTensors;
  for (const kind of CELL_KINDS) {
    const E = 5, H = 16, width = gateCount(kind) * H;
    const w = initCellWeights(kind, E, H, 42, `init/${kind}`);
    assertEquals(w.wx.shape, [E, width]);
    assertEquals(w.wh.shape, [H, width]);
    assertEquals(w.bx.shape, [width]);
    assertEquals(w.bh.shape, [width]);
    assertEquals(w.wx.name, `init/${kind}/wx`);
    assertEquals(w.bh.name, `init/${kind}/bh`);
    assert(w.wx.trainable);
    const bound = 1 / Math.sqrt(H);
    const wh = w.wh.dataSync();
    assert(wh.every((v) => Math.abs(v) <= bound), `${kind} wh within ±1/√H`);
    // Spread over the range, not clustered: uniform draws reach most of it.
    assert(Math.max(...wh) > 0.8 * bound && Math.min(...wh) < -0.8 * bound);
    // The default forget bias is PyTorch's: 0 added, every bias uniform.
    for (const b of [w.bx.dataSync(), w.bh.dataSync()]) {
      assert(b.every((v) => Math.abs(v) <= bound), `${kind} biases within ±1/√H`);
    }

    const same = initCellWeights(kind, E, H, 42, `init2/${kind}`);
    const other = initCellWeights(kind, E, H, 43, `init3/${kind}`);
    assertEquals(same.wh.dataSync(), wh, "same seed, same weights");
    assertNotEquals(other.wh.dataSync(), wh, "different seed, different weights");
    [w, same, other].forEach(dispose);
  }
  assertEquals(tf.memory().numTensors, before, "tensors leaked");
});

Deno.test("initCellWeights rejects non-positive sizes with an InputError", () => {
  assertThrows(() => initCellWeights("rnn", 0, 4, 1, "bad/a"), InputError, "inputSize");
  assertThrows(() => initCellWeights("gru", 3, 2.5, 1, "bad/b"), InputError, "hidden");
});

Deno.test("forgetBias is added to the forget gate's input bias only, for cells that have one", async () => {
  await useBackend("cpu");
  const E = 3, H = 4;
  for (const kind of CELL_KINDS) {
    const base = initCellWeights(kind, E, H, 5, `fb0/${kind}`);
    const shifted = initCellWeights(kind, E, H, 5, `fb1/${kind}`, {
      scheme: "uniform",
      forgetBias: 1.5,
    });
    const delta = Array.from(shifted.bx.dataSync(), (v, j) => v - base.bx.dataSync()[j]);
    const gates = cellOf(kind).gates;
    const forget = gates.indexOf("f");
    const expected = delta.map((_, j) => Math.floor(j / H) === forget ? 1.5 : 0);
    assertAllClose(delta, expected, { abs: 1e-6, rel: 0 }, `${kind} bx shift`);
    assertEquals(shifted.bh.dataSync(), base.bh.dataSync(), `${kind} bh unchanged`);
    assertEquals(shifted.wh.dataSync(), base.wh.dataSync(), `${kind} weights unchanged`);
    assertEquals(forget >= 0, cellOf(kind).addForgetBias !== undefined, `${kind} hook ⇔ f gate`);
    [base, shifted].forEach(dispose);
  }
});

Deno.test("xavier-orthogonal: orthogonal recurrent block per gate, Xavier input bound, zero biases", async () => {
  await useBackend("cpu");
  const E = 5, H = 6;
  for (const kind of CELL_KINDS) {
    const G = gateCount(kind), width = G * H;
    const w = initCellWeights(kind, E, H, 9, `xo/${kind}`, {
      scheme: "xavier-orthogonal",
      forgetBias: 1,
    });
    const wh = w.wh.dataSync(), wx = w.wx.dataSync();
    for (let g = 0; g < G; g++) {
      for (let a = 0; a < H; a++) {
        for (let b = 0; b < H; b++) {
          let dot = 0;
          for (let k = 0; k < H; k++) dot += wh[k * width + g * H + a] * wh[k * width + g * H + b];
          assertAllClose([dot], [a === b ? 1 : 0], { abs: 1e-5, rel: 0 }, `${kind} QᵀQ g${g}`);
        }
      }
    }
    const bound = Math.sqrt(6 / (E + width));
    assert(wx.every((v) => Math.abs(v) <= bound) && Math.max(...wx) > 0.7 * bound, `${kind} wx`);
    const forget = cellOf(kind).gates.indexOf("f");
    const bx = w.bx.dataSync();
    bx.forEach((v, j) => assertEquals(v, Math.floor(j / H) === forget ? 1 : 0, `${kind} bx[${j}]`));
    assert(w.bh.dataSync().every((v) => v === 0), `${kind} bh zero`);
    dispose(w);
  }
});

Deno.test("initCellWeights rejects a non-finite forget bias and an unknown scheme", async () => {
  await useBackend("cpu");
  assertThrows(
    () => initCellWeights("lstm", 2, 2, 1, "bad/fb", { scheme: "uniform", forgetBias: NaN }),
    InputError,
    "model.forgetBias: must be a finite number, got NaN",
  );
  assertThrows(
    () => initCellWeights("lstm", 2, 2, 1, "bad/sc", { scheme: "he" as "uniform", forgetBias: 0 }),
    InputError,
    'model.init.scheme: unknown scheme "he"',
  );
});
