/**
 * Embedding lookup with a gradient every backend runs fast: the forward pass gathers rows, the
 * gradient scatter-adds the incoming rows into a `[V, E]` table. On wasm and cpu both are small
 * registered kernels working on the backend's memory (wasm has no UnsortedSegmentSum, gather's own
 * gradient, and its GatherV2 is slow for this shape); elsewhere they are `tf.gather` and a
 * one-hot-transposed product.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

const GATHER = "RnnlabEmbedding";
const SCATTER_ADD = "RnnlabEmbeddingGrad";

/** `(ids, source, out)` typed arrays with the element offsets of each. */
type RowOp = (
  ids: Int32Array,
  idsOff: number,
  src: Float32Array,
  srcOff: number,
  out: Float32Array,
  outOff: number,
  rows: number,
  vocab: number,
  width: number,
) => void;

/** `out[n, :] = table[ids[n], :]` (zeros for ids outside the table, as `tf.gather` gives). */
const gatherRows: RowOp = (ids, idsOff, table, tableOff, out, outOff, rows, vocab, width) => {
  for (let n = 0; n < rows; n++) {
    const id = ids[idsOff + n], dst = outOff + n * width;
    if (id < 0 || id >= vocab) out.fill(0, dst, dst + width);
    else out.set(table.subarray(tableOff + id * width, tableOff + (id + 1) * width), dst);
  }
};

/** `out[ids[n], :] += dy[n, :]`, `out` zeroed first. */
const scatterAddRows: RowOp = (ids, idsOff, dy, dyOff, out, outOff, rows, vocab, width) => {
  out.fill(0, outOff, outOff + vocab * width);
  for (let n = 0; n < rows; n++) {
    const id = ids[idsOff + n];
    if (id < 0 || id >= vocab) continue; // gather gave zeros there: no gradient either
    const src = dyOff + n * width, dst = outOff + id * width;
    for (let e = 0; e < width; e++) out[dst + e] += dy[src + e];
  }
};

interface CpuLike {
  data: { get(dataId: unknown): { values: Float32Array | Int32Array } };
  makeTensorInfo(shape: number[], dtype: "float32", values: Float32Array): tf.TensorInfo;
}
interface WasmLike {
  wasm: { HEAPF32: Float32Array; HEAP32: Int32Array };
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
}

/**
 * Register `op` as kernel `name` on cpu and wasm: inputs `ids` `[N]` and `src` (`[V, E]` for a
 * gather, `[N, E]` for a scatter-add), attr `vocab`; output `[N, E]` or `[V, E]`.
 */
function registerRowKernel(name: string, op: RowOp, gather: boolean): void {
  const sizes = (inputs: tf.NamedTensorInfoMap, attrs?: tf.NamedAttrMap) => {
    const { ids, src } = inputs as Record<string, tf.TensorInfo>;
    const vocab = (attrs as unknown as { vocab: number }).vocab;
    const rows = ids.shape[0], width = src.shape[1];
    return { ids, src, vocab, rows, width, shape: [gather ? rows : vocab, width] };
  };
  if (tf.getKernel(name, "cpu") == null) {
    tf.registerKernel({
      kernelName: name,
      backendName: "cpu",
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { ids, src, vocab, rows, width, shape } = sizes(inputs, attrs);
        const b = backend as unknown as CpuLike;
        const out = new Float32Array(shape[0] * shape[1]);
        const idv = b.data.get(ids.dataId).values as Int32Array;
        op(idv, 0, b.data.get(src.dataId).values as Float32Array, 0, out, 0, rows, vocab, width);
        return b.makeTensorInfo(shape, "float32", out);
      },
    });
  }
  if (tf.getKernel(name, "wasm") == null) {
    tf.registerKernel({
      kernelName: name,
      backendName: "wasm",
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { ids, src, vocab, rows, width, shape } = sizes(inputs, attrs);
        const b = backend as unknown as WasmLike;
        const out = b.makeOutput(shape, "float32");
        const at = (t: tf.TensorInfo) => b.dataIdMap.get(t.dataId).memoryOffset >>> 2;
        const heap = b.wasm.HEAPF32;
        op(b.wasm.HEAP32, at(ids), heap, at(src), heap, at(out), rows, vocab, width);
        return out;
      },
    });
  }
}

registerRowKernel(GATHER, gatherRows, true);
registerRowKernel(SCATTER_ADD, scatterAddRows, false);

function hasRowKernels(): boolean {
  const backend = tf.getBackend();
  return backend === "wasm" || backend === "cpu";
}

/**
 * Rows of `table` `[V, E]` for `ids` `[N]` (int32): `[N, E]`, differentiable w.r.t. `table`.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import * as tf from "@tensorflow/tfjs-core";
 * import { useBackend } from "../backend/mod.ts";
 * import { embed } from "./embedding.ts";
 * await useBackend("cpu");
 * const table = tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6]]));
 * const ids = tf.tensor1d([2, 0, 2], "int32");
 * const grad = tf.grad((t: tf.Tensor) => tf.sum(embed(t as tf.Variable, ids)))(table);
 * assert(Array.from(grad.dataSync()).join() === "1,1,0,0,2,2");
 * ```
 */
export function embed(table: tf.Variable, ids: tf.Tensor1D): tf.Tensor2D {
  const vocab = table.shape[0];
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [t, i, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([i]);
    const value = hasRowKernels()
      ? tf.engine().runKernel(GATHER, { ids: i as tf.Tensor, src: t as tf.Tensor }, { vocab })
      : tf.gather(t as tf.Tensor2D, i as tf.Tensor1D);
    return {
      value: value as tf.Tensor2D,
      gradFunc: (dy, saved) => {
        const [savedIds] = saved;
        const dTable = hasRowKernels()
          ? tf.engine().runKernel(SCATTER_ADD, { ids: savedIds, src: dy as tf.Tensor }, { vocab })
          : tf.matMul(tf.transpose(tf.oneHot(savedIds as tf.Tensor1D, vocab)), dy as tf.Tensor2D);
        return [dTable as tf.Tensor, tf.zerosLike(savedIds)];
      },
    };
  });
  return lookup(table, ids) as tf.Tensor2D;
}
