/**
 * The output head and its softmax cross-entropy as one kernel each way: forward computes the
 * logits `h·W + b`, each row's log-sum-exp and the mean loss, keeping the softmax for backward;
 * backward forms `(softmax − onehot)/N` once and takes `dh`, `dW`, `db` from it. It replaces ~10
 * tfjs ops per direction (and the `[N, V]` one- and zero-filled tensors their gradients allocate).
 * On wasm and cpu, with the same products (BLAS or the backend's) as the fused cells; elsewhere,
 * and with `fused: false`, the plain tfjs ops.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  addColumnSums,
  emptyTensor,
  FUSED_BACKENDS,
  gemmTransposedA,
  gemmTransposedB,
  workspaceFor,
} from "./fused/mod.ts";

const FORWARD = "RnnlabHeadCrossEntropy";
const BACKWARD = "RnnlabHeadCrossEntropyGrad";

type Infos = Record<string, tf.TensorInfo>;

/** Target ids of a kernel input (int32), read synchronously (both backends keep them on host). */
function readTargets(backend: unknown, t: tf.TensorInfo): Int32Array {
  return (backend as tf.KernelBackend).readSync(t.dataId) as Int32Array;
}

function forwardKernel(backendName: string): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { h, w, b, targets, cache } = inputs as Infos;
    const [N, H] = h.shape, V = w.shape[1];
    const ids = readTargets(backend, targets);
    const ws = workspaceFor(backend, backendName);
    try {
      // The logits become the softmax in place: under a tape that is the cache backward reads.
      const probs = cache ? ws.input(cache) : ws.scratch(N * V);
      ws.gemm(ws.input(h), N, ws.matrix(ws.input(w), H, V), probs);
      const [out, outBuf] = ws.output([]);
      const P = ws.array(probs), bias = ws.input(b), B = ws.array(bias);
      let total = 0;
      for (let n = 0; n < N; n++) {
        const row = probs.off + n * V;
        let max = -Infinity;
        for (let v = 0; v < V; v++) {
          const x = P[row + v] + B[bias.off + v];
          P[row + v] = x;
          if (x > max) max = x;
        }
        const target = P[row + ids[n]] - max;
        let sum = 0;
        for (let v = 0; v < V; v++) {
          const e = Math.exp(P[row + v] - max);
          P[row + v] = e;
          sum += e;
        }
        // −log softmax[target] = log Σ exp(x − max) − (x_target − max).
        total += Math.log(sum) - target;
        const inv = 1 / sum;
        for (let v = 0; v < V; v++) P[row + v] *= inv;
      }
      ws.array(outBuf)[outBuf.off] = total / N;
      return out;
    } finally {
      ws.release();
    }
  };
}

function backwardKernel(backendName: string): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { dy, h, w, targets, cache } = inputs as Infos;
    const [N, H] = h.shape, V = w.shape[1];
    const ids = readTargets(backend, targets);
    const ws = workspaceFor(backend, backendName);
    try {
      const [dhInfo, dh] = ws.output([N, H]);
      const [dwInfo, dw] = ws.output([H, V]);
      const [dbInfo, db] = ws.output([V], true);
      const dLogits = ws.scratch(N * V);
      const dyBuf = ws.input(dy);
      const scale = ws.array(dyBuf)[dyBuf.off] / N;
      const probs = ws.input(cache), P = ws.array(probs), D = ws.array(dLogits);
      for (let n = 0; n < N; n++) {
        const src = probs.off + n * V, dst = dLogits.off + n * V;
        for (let v = 0; v < V; v++) D[dst + v] = P[src + v] * scale;
        D[dst + ids[n]] -= scale;
      }
      gemmTransposedA(ws, ws.input(h), N, H, ws.matrix(dLogits, N, V), dw);
      addColumnSums(ws, dLogits, N, V, db);
      gemmTransposedB(ws, dLogits, N, ws.input(w), H, V, dh);
      return [dhInfo, dwInfo, dbInfo];
    } finally {
      ws.release();
    }
  };
}

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  for (const backendName of FUSED_BACKENDS) {
    if (tf.getKernel(FORWARD, backendName) == null) {
      tf.registerKernel({
        kernelName: FORWARD,
        backendName,
        kernelFunc: forwardKernel(backendName),
      });
    }
    if (tf.getKernel(BACKWARD, backendName) == null) {
      tf.registerKernel({
        kernelName: BACKWARD,
        backendName,
        kernelFunc: backwardKernel(backendName),
      });
    }
  }
  if (tf.getGradient(FORWARD) == null) {
    tf.registerGradient({
      kernelName: FORWARD,
      inputsToSave: ["h", "w", "targets", "cache"],
      gradFunc: (dy, saved) => {
        const [h, w, targets, cache] = saved;
        const [dh, dw, db] = tf.engine().runKernel(BACKWARD, {
          dy: dy as tf.Tensor,
          h,
          w,
          targets,
          cache,
        }) as tf.Tensor[];
        return { h: () => dh, w: () => dw, b: () => db };
      },
    });
  }
}

/**
 * Mean softmax cross-entropy of the linear head `h·w + b` against `targets`:
 * `−mean_n log softmax(h_n·w + b)[targets_n]`. Fused (one kernel each way) when `fused` and the
 * backend is wasm or cpu; the plain tfjs ops otherwise. Differentiable in `h`, `w`, `b`.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import * as tf from "@tensorflow/tfjs-core";
 * import { useBackend } from "../backend/mod.ts";
 * import { headCrossEntropy } from "./head_loss.ts";
 * await useBackend("cpu");
 * // Zero weights: every class equally likely, loss = log V.
 * const loss = headCrossEntropy(tf.ones([4, 3]), tf.zeros([3, 5]), tf.zeros([5]), tf.tensor1d([0, 1, 2, 4], "int32"));
 * assertAlmostEquals(loss.dataSync()[0], Math.log(5), 1e-6);
 * ```
 */
export function headCrossEntropy(
  h: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  targets: tf.Tensor1D,
  fused = true,
): tf.Scalar {
  if (!fused || !(FUSED_BACKENDS as readonly string[]).includes(tf.getBackend())) {
    return tf.tidy(() => {
      const logits = tf.add(tf.matMul(h, w), b) as tf.Tensor2D;
      const picked = tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(targets, w.shape[1])), 1);
      return tf.neg(tf.mean(picked)) as tf.Scalar;
    });
  }
  register();
  const inputs: tf.NamedTensorMap = { h, w, b, targets };
  // Under a gradient tape the softmax goes into a cache the tape keeps; without one, scratch.
  const cache = tf.engine().state.gradientDepth > 0 ? emptyTensor([h.shape[0] * w.shape[1]]) : null;
  if (cache) inputs.cache = cache;
  const loss = tf.engine().runKernel(FORWARD, inputs) as tf.Scalar;
  cache?.dispose();
  return loss;
}
