/**
 * The PyTorch golden cases (`tests/fixtures/golden/`): load one, run any {@link SequenceFn} on it
 * with PyTorch's parameters, and compare forward values and every gradient with the oracle.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { assertEquals } from "@std/assert";
import { type BackendName, useBackend } from "../src/backend/mod.ts";
import type { CellKind, CellWeights, SequenceFn } from "../src/models/cell.ts";
import { cellOf, gateCount } from "../src/models/cells/mod.ts";
import { assertAllClose, type Tolerance } from "./_assert_close.ts";

/** Nested number arrays as JSON holds them. */
export type Nested = number | Nested[];

/** One golden file, as written by PyTorch (see `tests/fixtures/golden/README.md`). */
export interface GoldenCase {
  source: string;
  shapes: { B: number; T: number; E: number; H: number };
  params: { W_ih: Nested; W_hh: Nested; b_ih: Nested; b_hh: Nested };
  /** `x` batch-first `[B, T, E]`; `h0`, `c0` `[B, H]` (or `[1, B, H]`). */
  inputs: { x: Nested; h0: Nested; c0?: Nested };
  probe: Nested;
  expected: {
    outputs: Nested;
    h_T: Nested;
    c_T?: Nested;
    loss: number;
    grad: Record<string, Nested>;
  };
}

/** What a run of a golden case produced, in PyTorch's names and layouts (batch-first). */
export interface GoldenResult {
  /** `[B, T, H]`. */
  outputs: Float32Array;
  /** `[B, H]`. */
  hT: Float32Array;
  /** `[B, H]`, lstm only. */
  cT?: Float32Array;
  loss: number;
  /** Keys `W_ih`, `W_hh`, `b_ih`, `b_hh`, `x`, `h0` (and `c0`), each in PyTorch's layout. */
  grads: Record<string, Float32Array>;
  /** Tensors left alive by the run (should be 0). */
  leaked: number;
}

/** The tolerance for float32 cells against the float64 oracle. */
export const GOLDEN_TOLERANCE: Tolerance = { abs: 1e-4, rel: 1e-3 };

/** Flatten nested arrays in row-major order. */
export function flat(value: Nested): number[] {
  return Array.isArray(value) ? value.flatMap(flat) : [value];
}

/** Read `tests/fixtures/golden/<kind>.json`. */
export function loadGolden(kind: CellKind): GoldenCase {
  const url = new URL(`./fixtures/golden/${kind}.json`, import.meta.url);
  return JSON.parse(Deno.readTextFileSync(url)) as GoldenCase;
}

/** A `[B, H]` state from PyTorch's `[B, H]` or `[num_layers = 1, B, H]`. */
function stateTensor(value: Nested, batch: number, hidden: number): tf.Tensor2D {
  const values = flat(value);
  assertEquals(values.length, batch * hidden, "golden state must be [B, H] or [1, B, H]");
  return tf.tensor2d(values, [batch, hidden]);
}

/**
 * Run `kind`'s golden case through `sequence` on `backend`: map PyTorch's parameters onto rnnlab's
 * (transposes; `x` to time-major), compute outputs, final state, loss = Σ outputs·probe and the
 * gradients of the loss for every parameter, `x`, `h0` (and `c0`), mapped back to PyTorch's layouts.
 */
export async function runGoldenCase(
  kind: CellKind,
  sequence: SequenceFn,
  backend: BackendName,
): Promise<GoldenResult> {
  await useBackend(backend);
  const golden = loadGolden(kind);
  const { B, T, E, H } = golden.shapes;
  const width = gateCount(kind) * H;
  const before = tf.memory().numTensors;

  const variable = (make: () => tf.Tensor) => tf.tidy(() => tf.variable(make()));
  const wx = variable(() => tf.transpose(tf.tensor2d(flat(golden.params.W_ih), [width, E])));
  const wh = variable(() => tf.transpose(tf.tensor2d(flat(golden.params.W_hh), [width, H])));
  const bx = variable(() => tf.tensor1d(flat(golden.params.b_ih)));
  const bh = variable(() => tf.tensor1d(flat(golden.params.b_hh)));
  const x = variable(() => tf.transpose(tf.tensor3d(flat(golden.inputs.x), [B, T, E]), [1, 0, 2]));
  const h0 = variable(() => stateTensor(golden.inputs.h0, B, H));
  const c0 = cellOf(kind).state.length > 1
    ? variable(() => stateTensor(golden.inputs.c0!, B, H))
    : undefined;
  const probe = tf.tidy(() => tf.transpose(tf.tensor3d(flat(golden.probe), [B, T, H]), [1, 0, 2]));
  const weights: CellWeights = { wx, wh, bx, bh };
  const inputs: Record<string, tf.Variable> = { wx, wh, bx, bh, x, h0, ...(c0 ? { c0 } : {}) };

  let kept: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const state = (c0 ? [h0, c0] : [h0]) as tf.Tensor2D[];
    const out = sequence(kind, weights, x as tf.Tensor3D, state);
    kept = [out.hs, ...out.state].map((t) => tf.keep(t));
    return tf.sum(tf.mul(out.hs, probe));
  }, Object.values(inputs));

  // Asynchronous reads, so the same case runs on webgpu (no synchronous reads under Deno).
  const read = async (t: tf.Tensor) => (await t.data()) as Float32Array;
  const readOf = async (make: () => tf.Tensor) => {
    const t = make();
    try {
      return await read(t);
    } finally {
      t.dispose();
    }
  };
  const batchFirst = (t: tf.Tensor) => readOf(() => tf.transpose(t, [1, 0, 2]));
  const gradOf = (v: tf.Variable) => grads[v.name];
  const transposed = (t: tf.Tensor) => readOf(() => tf.transpose(t));
  const result: Omit<GoldenResult, "leaked"> = {
    outputs: await batchFirst(kept[0]),
    hT: await read(kept[1]),
    cT: cellOf(kind).state.length > 1 ? await read(kept[2]) : undefined,
    loss: (await read(value))[0],
    grads: {
      W_ih: await transposed(gradOf(wx)),
      W_hh: await transposed(gradOf(wh)),
      b_ih: await read(gradOf(bx)),
      b_hh: await read(gradOf(bh)),
      x: await batchFirst(gradOf(x)),
      h0: await read(gradOf(h0)),
      ...(c0 ? { c0: await read(gradOf(c0)) } : {}),
    },
  };
  tf.dispose([...kept, value, probe, ...Object.values(grads), ...Object.values(inputs)]);
  return { ...result, leaked: tf.memory().numTensors - before };
}

/**
 * Assert that `sequence` reproduces `kind`'s golden case on every backend in `backends`: outputs,
 * final state(s), loss and every gradient within `tolerance`, with no tensor leaked.
 */
export async function assertMatchesGolden(
  kind: CellKind,
  sequence: SequenceFn,
  backends: readonly BackendName[] = ["cpu", "wasm"],
  tolerance: Tolerance = GOLDEN_TOLERANCE,
): Promise<void> {
  const expected = loadGolden(kind).expected;
  for (const backend of backends) {
    const got = await runGoldenCase(kind, sequence, backend);
    const label = (what: string) => `${kind} on ${backend}: ${what}`;
    assertAllClose(got.outputs, flat(expected.outputs), tolerance, label("outputs"));
    assertAllClose(got.hT, flat(expected.h_T), tolerance, label("h_T"));
    if (cellOf(kind).state.length > 1) {
      assertAllClose(got.cT!, flat(expected.c_T!), tolerance, label("c_T"));
    }
    assertAllClose([got.loss], [expected.loss], tolerance, label("loss"));
    assertEquals(
      Object.keys(got.grads).sort(),
      Object.keys(expected.grad).sort(),
      label("gradient names"),
    );
    for (const [name, values] of Object.entries(expected.grad)) {
      assertAllClose(got.grads[name], flat(values), tolerance, label(`grad ${name}`));
    }
    assertEquals(got.leaked, 0, label("tensors leaked"));
  }
}
