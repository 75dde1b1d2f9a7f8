import "../_products.ts";
import * as tf from "@tensorflow/tfjs-core";
import { assertEquals } from "@std/assert";
import { type BackendName, useBackend } from "../../src/backend/mod.ts";
import type { CellKind } from "../../src/models/cell.ts";
import { CELL_KINDS, cellOf, gateCount } from "../../src/models/cells/mod.ts";
import { initCellWeights } from "../../src/models/init.ts";
import { mulberry32 } from "../../src/_random.ts";
import { referenceSequence } from "../../src/models/reference/mod.ts";
import { assertAllClose } from "../_assert_close.ts";
import { flat, loadGolden } from "../_golden.ts";
import {
  centralDifference,
  probeLoss64,
  sequence64,
  type Sequence64Input,
} from "../_reference64.ts";

/** `[rows, cols]` row-major → `[cols, rows]`. */
function transpose(values: number[], rows: number, cols: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  }
  return out;
}

/** `[A, B, C]` → `[B, A, C]` (batch-first ↔ time-major). */
function swapLeading(values: number[], a: number, b: number, c: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) {
      for (let k = 0; k < c; k++) out[(j * a + i) * c + k] = values[(i * b + j) * c + k];
    }
  }
  return out;
}

for (const kind of CELL_KINDS) {
  Deno.test(`float64 reference ${kind} reproduces PyTorch's forward to 1e-9`, () => {
    const golden = loadGolden(kind);
    const { B, T, E, H } = golden.shapes;
    const width = gateCount(kind) * H;
    const out = sequence64({
      kind,
      steps: T,
      batch: B,
      inputSize: E,
      hidden: H,
      wx: transpose(flat(golden.params.W_ih), width, E),
      wh: transpose(flat(golden.params.W_hh), width, H),
      bx: Float64Array.from(flat(golden.params.b_ih)),
      bh: Float64Array.from(flat(golden.params.b_hh)),
      xs: swapLeading(flat(golden.inputs.x), B, T, E),
      h0: Float64Array.from(flat(golden.inputs.h0)),
      c0: golden.inputs.c0 ? Float64Array.from(flat(golden.inputs.c0)) : undefined,
    });
    const tolerance = { abs: 1e-9, rel: 0 };
    const outputs = swapLeading(Array.from(out.hs), T, B, H);
    assertAllClose(outputs, flat(golden.expected.outputs), tolerance, `${kind} outputs`);
    assertAllClose(out.h, flat(golden.expected.h_T), tolerance, `${kind} h_T`);
    if (out.c) assertAllClose(out.c, flat(golden.expected.c_T!), tolerance, `${kind} c_T`);
  });
}

const STEPS = 4, BATCH = 2, INPUT = 3, HIDDEN = 5;
const PROBES_PER_TENSOR = 4;

/** tfjs gradients of Σ hs·probe at a random point, and the same point in float64. */
function tfjsGradients(kind: CellKind, backend: BackendName, seed: number) {
  const random = mulberry32(seed);
  const normal = (count: number) => Float32Array.from({ length: count }, () => 2 * random() - 1);
  const weights = initCellWeights(kind, INPUT, HIDDEN, seed, `fd/${backend}/${kind}`);
  // tf.variable keeps its initial tensor alive: build each inside tidy.
  const variable = (values: Float32Array, shape: number[]) =>
    tf.tidy(() => tf.variable(tf.tensor(values, shape)));
  const xs = variable(normal(STEPS * BATCH * INPUT), [STEPS, BATCH, INPUT]);
  const h0 = variable(normal(BATCH * HIDDEN), [BATCH, HIDDEN]);
  const c0 = variable(normal(BATCH * HIDDEN), [BATCH, HIDDEN]);
  const probeValues = normal(STEPS * BATCH * HIDDEN);
  const probe = tf.tensor3d(probeValues, [STEPS, BATCH, HIDDEN]);
  const inputs = { ...weights, xs, h0, ...(cellOf(kind).state.length > 1 ? { c0 } : {}) };
  const { value, grads } = tf.variableGrads(() => {
    const state = (cellOf(kind).state.length > 1 ? [h0, c0] : [h0]) as tf.Tensor2D[];
    const { hs } = referenceSequence(kind, weights, xs as tf.Tensor3D, state);
    return tf.sum(tf.mul(hs, probe));
  }, Object.values(inputs));
  const read64 = (t: tf.Tensor) => Float64Array.from(t.dataSync());
  const point: Sequence64Input = {
    kind,
    steps: STEPS,
    batch: BATCH,
    inputSize: INPUT,
    hidden: HIDDEN,
    wx: read64(weights.wx),
    wh: read64(weights.wh),
    bx: read64(weights.bx),
    bh: read64(weights.bh),
    xs: read64(xs),
    h0: read64(h0),
    c0: cellOf(kind).state.length > 1 ? read64(c0) : undefined,
  };
  const gradients: Record<string, Float32Array> = {};
  for (const [key, variable] of Object.entries(inputs)) {
    gradients[key] = grads[variable.name].dataSync() as Float32Array;
  }
  const loss = value.dataSync()[0];
  tf.dispose([value, probe, c0, ...Object.values(grads), ...Object.values(inputs)]);
  return { point, probe: probeValues, gradients, loss, random };
}

for (const kind of CELL_KINDS) {
  for (const backend of ["cpu", "wasm"] as const) {
    Deno.test(`reference ${kind} gradients match float64 finite differences (${backend})`, async () => {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const { point, probe, gradients, loss, random } = tfjsGradients(kind, backend, 11);
      const loss64 = () => probeLoss64(point, probe);
      assertAllClose([loss], [loss64()], { abs: 1e-5, rel: 1e-5 }, `${kind} loss`);
      const keys = [
        "wx",
        "wh",
        "bx",
        "bh",
        "xs",
        "h0",
        ...(cellOf(kind).state.length > 1 ? ["c0"] : []),
      ];
      for (const key of keys) {
        const values = point[key as keyof Sequence64Input] as Float64Array;
        const picked = Array.from(
          { length: PROBES_PER_TENSOR },
          () => Math.floor(random() * values.length),
        );
        const numeric = picked.map((i) => centralDifference(loss64, values, i, 1e-6));
        const analytic = picked.map((i) => gradients[key][i]);
        assertAllClose(analytic, numeric, { abs: 2e-3, rel: 2e-2 }, `${kind} d/d${key}${picked}`);
      }
      assertEquals(tf.memory().numTensors, before, "tensors leaked");
    });
  }
}
