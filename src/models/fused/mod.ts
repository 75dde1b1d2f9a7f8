/**
 * Fused cells: each layer's whole sequence is one tfjs kernel (one product per step plus one loop
 * of element-wise work, straight on the backend's memory) and its gradient is one kernel doing
 * backprop through time by hand, with the weight gradients as one large product over all steps.
 * Runs on the wasm and cpu backends; same results as the op-by-op reference cells. On wasm,
 * {@link startFusedWorker} adds a helper worker that takes half of each large batch (the second
 * core).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { SequenceFn } from "../cell.ts";
import { cellOf } from "../cells/mod.ts";
import { InputError } from "../../errors.ts";
import {
  cacheFloats,
  carriesCell,
  forwardKernelName,
  FUSED_BACKENDS,
  registerFusedKernels,
} from "./_kernels.ts";
import { emptyTensor } from "./_memory.ts";

export {
  addColumnSums,
  type Buf,
  emptyTensor,
  gemmTransposedA,
  gemmTransposedB,
  type Workspace,
  workspaceFor,
} from "./_memory.ts";
import {
  fusedWorkerRunning,
  startFusedWorker,
  stopFusedWorker,
  type WorkerOptions,
} from "./_parallel.ts";

export { FUSED_BACKENDS, fusedWorkerRunning, startFusedWorker, stopFusedWorker };
export type { WorkerOptions };

registerFusedKernels();

/**
 * The fused {@link SequenceFn}: same signature and results as the reference, a handful of tape
 * nodes per layer instead of ~15 per time step. Needs the wasm or cpu backend.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import * as tf from "@tensorflow/tfjs-core";
 * import { useBackend } from "../../backend/mod.ts";
 * import { initCellWeights } from "../init.ts";
 * import { fusedSequence } from "./mod.ts";
 * await useBackend("cpu");
 * const weights = initCellWeights("lstm", 2, 3, 7, "doc/fused");
 * const zeros = () => tf.zeros([2, 3]) as tf.Tensor2D;
 * const { hs, state } = fusedSequence("lstm", weights, tf.ones([5, 2, 2]), [zeros(), zeros()]);
 * assert(hs.shape.join() === "5,2,3" && state.length === 2);
 * ```
 */
export const fusedSequence: SequenceFn = (kind, weights, xs, state) => {
  const backend = tf.getBackend();
  if (!(FUSED_BACKENDS as readonly string[]).includes(backend)) {
    throw new InputError(
      "implementation",
      `"fused" runs on ${FUSED_BACKENDS.join(", ")}, not on backend "${backend}"`,
      `use backend "wasm" or "cpu", or implementation "reference"`,
    );
  }
  checkShapes(kind, weights, xs, state);
  const inputs: tf.NamedTensorMap = {
    xs,
    h0: state[0],
    wx: weights.wx,
    wh: weights.wh,
    bx: weights.bx,
    bh: weights.bh,
  };
  if (carriesCell(kind)) inputs.c0 = state[1];
  // Under a gradient tape the kernel fills a cache for backward (the tape keeps it); without one
  // it works in scratch memory.
  const [steps, batch] = xs.shape;
  const floats = cacheFloats(kind, steps, batch, weights.wh.shape[0] as number);
  const cache = tf.engine().state.gradientDepth > 0 && floats > 0 ? emptyTensor([floats]) : null;
  if (cache) inputs.cache = cache;
  const outputs = tf.engine().runKernel(forwardKernelName(kind), inputs) as tf.Tensor[];
  cache?.dispose();
  const [hs, ...finalState] = outputs;
  return { hs: hs as tf.Tensor3D, state: finalState as tf.Tensor2D[] };
};

function checkShapes(
  kind: Parameters<SequenceFn>[0],
  weights: Parameters<SequenceFn>[1],
  xs: tf.Tensor3D,
  state: tf.Tensor2D[],
): void {
  const cell = cellOf(kind);
  const expectedState = cell.state.length;
  const [, batch, inputSize] = xs.shape;
  const hidden = weights.wh.shape[0] as number;
  const width = cell.gates.length * hidden;
  const problems: string[] = [];
  if (xs.rank !== 3) problems.push(`xs must be [T, B, E], got [${xs.shape}]`);
  if (state.length !== expectedState) {
    problems.push(`${kind} state must hold ${expectedState} tensor(s), got ${state.length}`);
  }
  const want: [string, readonly number[], number[]][] = [
    ["wx", weights.wx.shape, [inputSize, width]],
    ["wh", weights.wh.shape, [hidden, width]],
    ["bx", weights.bx.shape, [width]],
    ["bh", weights.bh.shape, [width]],
    ...state.map((s, i): [string, readonly number[], number[]] => [`state[${i}]`, s.shape, [
      batch,
      hidden,
    ]]),
  ];
  for (const [name, got, expected] of want) {
    if (got.join() !== expected.join()) {
      problems.push(`${name} must be [${expected}], got [${got}]`);
    }
  }
  const tensors = [xs, weights.wx, weights.wh, weights.bx, weights.bh, ...state];
  if (tensors.some((t) => t.dtype !== "float32")) problems.push("all tensors must be float32");
  if (problems.length > 0) {
    throw new InputError(`fusedSequence(${kind})`, problems.join("; "), "pass matching shapes");
  }
}
