import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { CELL_KINDS, type CellWeights, GATES } from "../../src/models/cell.ts";
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

Deno.test("initCellWeights: shapes, names, ±1/√H bounds, forget bias 1, seeded", async () => {
  await useBackend("cpu");
  const before = tf.memory().numTensors;
  for (const kind of CELL_KINDS) {
    const E = 5, H = 16, width = GATES[kind] * H;
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
    const bx = w.bx.dataSync(), bh = w.bh.dataSync();
    if (kind === "lstm") {
      for (let j = H; j < 2 * H; j++) {
        assertEquals(bx[j], 1, "lstm bx forget block");
        assertEquals(bh[j], 0, "lstm bh forget block");
      }
      assert(bx.slice(0, H).every((v) => Math.abs(v) <= bound), "input gate bias stays uniform");
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
