/**
 * Embedding lookup with a gradient every backend can run fast: the forward pass is a gather, the
 * gradient a scatter-add of the incoming rows into a `[V, E]` table. On wasm and cpu the
 * scatter-add is a small registered kernel (wasm has no UnsortedSegmentSum, gather's own gradient);
 * elsewhere it is a one-hot-transposed product.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

const SCATTER_ADD = "RnnlabEmbeddingGrad";

interface CpuLike {
  data: { get(dataId: unknown): { values: Float32Array | Int32Array } };
  makeTensorInfo(shape: number[], dtype: "float32", values: Float32Array): tf.TensorInfo;
}
interface WasmLike {
  wasm: { HEAPF32: Float32Array; HEAP32: Int32Array };
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
}

/** `out[ids[n], :] += dy[n, :]`, `out` zeroed first. */
function scatterAdd(
  ids: Int32Array,
  idsOff: number,
  dy: Float32Array,
  dyOff: number,
  out: Float32Array,
  outOff: number,
  rows: number,
  vocab: number,
  width: number,
): void {
  out.fill(0, outOff, outOff + vocab * width);
  for (let n = 0; n < rows; n++) {
    const id = ids[idsOff + n];
    if (id < 0 || id >= vocab) continue; // gather gives zeros there; no gradient either
    const src = dyOff + n * width, dst = outOff + id * width;
    for (let e = 0; e < width; e++) out[dst + e] += dy[src + e];
  }
}

function registerScatterAdd(): void {
  if (tf.getKernel(SCATTER_ADD, "cpu") == null) {
    tf.registerKernel({
      kernelName: SCATTER_ADD,
      backendName: "cpu",
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { ids, dy } = inputs as Record<string, tf.TensorInfo>;
        const vocab = (attrs as { vocab: number }).vocab;
        const b = backend as unknown as CpuLike;
        const [rows, width] = dy.shape;
        const out = new Float32Array(vocab * width);
        const idv = b.data.get(ids.dataId).values as Int32Array;
        const dyv = b.data.get(dy.dataId).values as Float32Array;
        scatterAdd(idv, 0, dyv, 0, out, 0, rows, vocab, width);
        return b.makeTensorInfo([vocab, width], "float32", out);
      },
    });
  }
  if (tf.getKernel(SCATTER_ADD, "wasm") == null) {
    tf.registerKernel({
      kernelName: SCATTER_ADD,
      backendName: "wasm",
      kernelFunc: ({ inputs, backend, attrs }) => {
        const { ids, dy } = inputs as Record<string, tf.TensorInfo>;
        const vocab = (attrs as { vocab: number }).vocab;
        const b = backend as unknown as WasmLike;
        const [rows, width] = dy.shape;
        const out = b.makeOutput([vocab, width], "float32");
        const offset = (t: tf.TensorInfo) => b.dataIdMap.get(t.dataId).memoryOffset >>> 2;
        const heap = b.wasm.HEAPF32;
        scatterAdd(b.wasm.HEAP32, offset(ids), heap, offset(dy), heap, offset(out), rows, vocab, width);
        return out;
      },
    });
  }
}

registerScatterAdd();

/**
 * Rows of `table` `[V, E]` for `ids` `[N]` (int32): `[N, E]`, differentiable w.r.t. `table`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import { useBackend } from "../backend/mod.ts";
 * import { embed } from "./embedding.ts";
 * await useBackend("cpu");
 * const table = tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6]]));
 * const ids = tf.tensor1d([2, 0, 2], "int32");
 * const grad = tf.grad((t: tf.Tensor) => tf.sum(embed(t as tf.Variable, ids)))(table);
 * console.assert(grad.arraySync().flat().join() === "1,1,0,0,2,2");
 * ```
 */
export function embed(table: tf.Variable, ids: tf.Tensor1D): tf.Tensor2D {
  const vocab = table.shape[0];
  const lookup = tf.customGrad((t, i, save) => {
    save([i as tf.Tensor]);
    return {
      value: tf.gather(t as tf.Tensor2D, i as tf.Tensor1D),
      gradFunc: (dy, saved) => {
        const [savedIds] = saved;
        const backend = tf.getBackend();
        const dTable = backend === "wasm" || backend === "cpu"
          ? tf.engine().runKernel(SCATTER_ADD, { ids: savedIds, dy: dy as tf.Tensor }, { vocab })
          : tf.matMul(tf.transpose(tf.oneHot(savedIds as tf.Tensor1D, vocab)), dy as tf.Tensor2D);
        return [dTable as tf.Tensor, tf.zerosLike(savedIds)];
      },
    };
  });
  return lookup(table, ids) as tf.Tensor2D;
}
