import * as tf from "@tensorflow/tfjs-core";
import { assertEquals, assertThrows } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { CELL_NAMES, CELL_VARIANT_OF, CELLS_WITH_FORGET_GATE } from "../../src/config/common.ts";
import type { CellKind } from "../../src/models/cell.ts";
import { CELL_KINDS, cellOf, CELLS } from "../../src/models/cells/mod.ts";
import { initCellWeights } from "../../src/models/init.ts";
import { fusedSequence } from "../../src/models/fused/mod.ts";
import { referenceSequence } from "../../src/models/reference/mod.ts";

Deno.test("the registry: keys, config names and each cell's own kind agree; declarations are sane", async () => {
  await useBackend("cpu");
  assertEquals(Object.keys(CELLS), [...CELL_NAMES]);
  assertEquals([...CELL_KINDS], [...CELL_NAMES]);
  for (const [key, cell] of Object.entries(CELLS)) {
    assertEquals(cell.kind, key, "a cell is registered under its own kind");
    assertEquals(cell.state[0], "h", `${key}: h is the first state part`);
    assertEquals(new Set(cell.gates).size, cell.gates.length, `${key}: gate names are unique`);
    // What the probes read, the step returns; the step keeps the declared state parts.
    const H = 2, G = cell.gates.length;
    const out = tf.tidy(() => {
      const zeros = (width: number) => tf.zeros([1, width]) as tf.Tensor2D;
      const step = cell.step(zeros(G * H), zeros(G * H), cell.state.map(() => zeros(H)));
      return { gates: Object.keys(step.gates), shapes: step.state.map((s) => s.shape.join()) };
    });
    const probed = [...cell.probes.saturating, ...(cell.probes.keep ? [cell.probes.keep] : [])];
    for (const gate of probed) {
      assertEquals(out.gates.includes(gate), true, `${key}: the step returns probed gate ${gate}`);
    }
    assertEquals(out.shapes, cell.state.map(() => `1,${H}`), `${key}: state parts`);
  }
});

Deno.test("config's CELL_VARIANT_OF equals each cell module's variantOf (the report reads it)", () => {
  const fromModules = Object.fromEntries(
    Object.entries(CELLS).filter(([, cell]) => cell.variantOf).map(([k, c]) => [k, c.variantOf]),
  );
  assertEquals(fromModules, { ...CELL_VARIANT_OF });
  assertEquals(fromModules, { cifg: "lstm", nfg: "lstm" }, "Greff et al.'s LSTM variants");
});

Deno.test("config's CELLS_WITH_FORGET_GATE are the cell modules with addForgetBias", () => {
  const fromModules = Object.entries(CELLS).filter(([, cell]) => cell.addForgetBias).map(([k]) =>
    k
  );
  assertEquals(fromModules, [...CELLS_WITH_FORGET_GATE]);
  assertEquals(fromModules, ["lstm", "cifg"]);
});

Deno.test("an unknown cell kind fails loudly in every implementation (no fallback path)", async () => {
  await useBackend("cpu");
  const weights = initCellWeights("rnn", 2, 3, 1, "cells-test/unknown");
  const xs = tf.zeros([2, 1, 2]) as tf.Tensor3D;
  const state = [tf.zeros([1, 3]) as tf.Tensor2D];
  const unknown = "lstn" as CellKind;
  assertThrows(() => cellOf(unknown), Error, 'unknown cell kind "lstn"');
  assertThrows(() => cellOf("toString" as CellKind), Error, "unknown cell kind");
  assertThrows(() => referenceSequence(unknown, weights, xs, state), Error, "unknown cell kind");
  assertThrows(() => fusedSequence(unknown, weights, xs, state), Error, "unknown cell kind");
  assertThrows(() => initCellWeights(unknown, 2, 3, 1, "cells-test/x"), Error, "unknown cell kind");
  tf.dispose([xs, ...state, ...Object.values(weights)]);
});
