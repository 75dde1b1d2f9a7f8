/**
 * Keeps matrix products on the wasm backend's fast path. tfjs-backend-wasm sends a product to
 * XNNPACK only when neither side is transposed and there is no batch dimension; otherwise it runs a
 * scalar loop (≈ 0.4–2 GFLOP/s against XNNPACK's ≈ 25). tfjs's own MatMul gradient asks for
 * exactly those transposes, so `BatchMatMul` and `_FusedMatMul` are re-registered to transpose
 * explicitly first and to fold a batch of left-hand matrices into rows when the right-hand side is
 * a single matrix. The explicit transposes (and `Transpose` itself, for swaps of the last two axes)
 * use a cache-friendly JS loop. When a system BLAS is active, `BatchMatMul` goes straight to its
 * `cblas_sgemm` instead, transposes included, on the wasm heap. `Identity` (clones, tensors the tape saves) shares storage instead
 * of copying it.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { activeSgemm, type Sgemm } from "./blas.ts";

interface BackendLike {
  disposeData(dataId: unknown): boolean;
  incRef(dataId: unknown): void;
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } };
  wasm: { HEAPF32: Float32Array };
}

type Args = Parameters<tf.KernelFunc>[0];

function kernel(name: string): tf.KernelConfig {
  const config = tf.getKernel(name, "wasm");
  if (config == null) throw new Error(`tfjs-backend-wasm has no ${name} kernel to wrap`);
  return config;
}

/**
 * `x[..., R, C]` → `[..., C, R]` for float32 in JS, in small blocks with contiguous writes: ≈ 5×
 * faster than the backend's generic Transpose for the `[T·B, H]` shapes backprop needs (its
 * power-of-two strides make larger blocks thrash the cache).
 */
function swapLastTwo(backend: BackendLike, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const rows = x.shape[rank - 2], cols = x.shape[rank - 1];
  const batch = x.shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const out = backend.makeOutput([...x.shape.slice(0, -2), cols, rows], "float32");
  const heap = backend.wasm.HEAPF32;
  const src0 = backend.dataIdMap.get(x.dataId).memoryOffset >>> 2;
  const dst0 = backend.dataIdMap.get(out.dataId).memoryOffset >>> 2;
  const block = 8;
  for (let b = 0; b < batch; b++) {
    const src = src0 + b * rows * cols, dst = dst0 + b * rows * cols;
    for (let r0 = 0; r0 < rows; r0 += block) {
      const r1 = Math.min(rows, r0 + block);
      for (let c0 = 0; c0 < cols; c0 += block) {
        const c1 = Math.min(cols, c0 + block);
        for (let c = c0; c < c1; c++) {
          const o = dst + c * rows;
          for (let r = r0; r < r1; r++) heap[o + r] = heap[src + r * cols + c];
        }
      }
    }
  }
  return out;
}

/** Is `perm` the identity except for swapping the last two axes? */
function swapsLastTwo(perm: number[]): boolean {
  const r = perm.length;
  if (r < 2 || perm[r - 2] !== r - 1 || perm[r - 1] !== r - 2) return false;
  return perm.slice(0, -2).every((p, i) => p === i);
}

/** Wrap Transpose so float32 swaps of the last two axes take {@link swapLastTwo}. */
function fastTranspose(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args: Args) => {
    const x = (args.inputs as Record<string, tf.TensorInfo>).x;
    const perm = (args.attrs as unknown as { perm: number[] }).perm;
    if (x.dtype === "float32" && swapsLastTwo(perm) && x.shape.every((d) => d > 0)) {
      return swapLastTwo(args.backend as unknown as BackendLike, x);
    }
    return original.kernelFunc(args);
  };
  return { ...original, kernelFunc };
}

/**
 * Identity (`tf.clone`, and every tensor the gradient tape saves) shares the input's storage by
 * reference count, as the cpu backend does, instead of copying it: tensors are immutable, and the
 * tape saves whole sequences (the fused cells' cache is megabytes per layer).
 */
function sharedIdentity(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args: Args) => {
    const x = (args.inputs as Record<string, tf.TensorInfo>).x;
    if (x.dtype === "string") return original.kernelFunc(args);
    (args.backend as unknown as BackendLike).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return { ...original, kernelFunc };
}

/**
 * `a · b` (either side transposed, batched or broadcast over one side) on the BLAS, straight on
 * the wasm heap; null when the shapes are not ones it handles (the caller falls back).
 */
function blasProduct(
  sgemm: Sgemm,
  backend: BackendLike,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo | null {
  if (a.dtype !== "float32" || b.dtype !== "float32") return null;
  const ra = a.shape.length, rb = b.shape.length;
  const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
  const sizeA = batchA.reduce((x, y) => x * y, 1), sizeB = batchB.reduce((x, y) => x * y, 1);
  if (sizeA !== 1 && sizeB !== 1 && batchA.join() !== batchB.join()) return null;
  const [m, k] = transposeA
    ? [a.shape[ra - 1], a.shape[ra - 2]]
    : [a.shape[ra - 2], a.shape[ra - 1]];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (m === 0 || n === 0 || k === 0) return null;
  const batchShape = batchA.length >= batchB.length ? batchA : batchB;
  const batch = Math.max(sizeA, sizeB);
  const out = backend.makeOutput([...batchShape, m, n], "float32");
  const heap = backend.wasm.HEAPF32;
  const offA = backend.dataIdMap.get(a.dataId).memoryOffset >>> 2;
  const offB = backend.dataIdMap.get(b.dataId).memoryOffset >>> 2;
  const offC = backend.dataIdMap.get(out.dataId).memoryOffset >>> 2;
  const lda = a.shape[ra - 1], ldb = b.shape[rb - 1];
  if (!transposeA && sizeB === 1 && sizeA > 1) {
    // [..., M, K] · [K, N]: one [(…·M), K] · [K, N] product.
    sgemm(false, transposeB, sizeA * m, n, k, heap, offA, lda, heap, offB, ldb, 0, heap, offC, n);
    return out;
  }
  const strideA = sizeA === 1 ? 0 : m * k, strideB = sizeB === 1 ? 0 : k * n;
  for (let i = 0; i < batch; i++) {
    const [aOff, bOff, cOff] = [offA + i * strideA, offB + i * strideB, offC + i * m * n];
    sgemm(transposeA, transposeB, m, n, k, heap, aOff, lda, heap, bOff, ldb, 0, heap, cOff, n);
  }
  return out;
}

/** Wrap a product kernel so XNNPACK sees `a[1, M, K] · b[1, K, N]` whenever that is possible. */
function fastProduct(original: tf.KernelConfig): tf.KernelConfig {
  const reshape = kernel("Reshape").kernelFunc;
  const plain = original.kernelName === tf.BatchMatMul;
  const kernelFunc: tf.KernelFunc = (args: Args) => {
    const { backend } = args;
    const inputs = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = args.attrs as Record<string, unknown>;
    const sgemm = activeSgemm();
    if (sgemm && plain) {
      const { a, b } = inputs;
      const out = blasProduct(
        sgemm,
        backend as unknown as BackendLike,
        a,
        b,
        Boolean(attrs.transposeA),
        Boolean(attrs.transposeB),
      );
      if (out) return out;
    }
    const temps: tf.TensorInfo[] = [];
    const call = (f: tf.KernelFunc, x: tf.TensorInfo, at: Record<string, unknown>) => {
      const out = f({ inputs: { x }, backend, attrs: at as tf.NamedAttrMap }) as tf.TensorInfo;
      temps.push(out);
      return out;
    };
    const swapLast = (x: tf.TensorInfo) => {
      const out = swapLastTwo(backend as unknown as BackendLike, x);
      temps.push(out);
      return out;
    };
    let a = inputs.a, b = inputs.b;
    if (attrs.transposeA) a = swapLast(a);
    if (attrs.transposeB) b = swapLast(b);
    const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
    const sizeA = batchA.reduce((x, y) => x * y, 1), sizeB = batchB.reduce((x, y) => x * y, 1);
    let outShape: number[] | null = null;
    if (sizeA > 1 && sizeB === 1) {
      // [..., M, K] · [K, N]: the same as one [(…·M), K] · [K, N] product.
      const [m, k] = a.shape.slice(-2);
      outShape = [...batchA, m, b.shape[b.shape.length - 1]];
      a = call(reshape, a, { shape: [sizeA * m, k] });
    }
    const out = original.kernelFunc({
      inputs: { ...inputs, a, b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false } as tf.NamedAttrMap,
    }) as tf.TensorInfo;
    for (const t of temps) (backend as unknown as BackendLike).disposeData(t.dataId);
    if (outShape) out.shape = outShape;
    return out;
  };
  return { ...original, kernelFunc };
}

let installed = false;

/**
 * Re-register the wasm backend's `BatchMatMul` and `_FusedMatMul` so no product reaches the scalar
 * loop, `Transpose` with a faster last-two-axes swap, and `Identity` sharing storage instead of
 * copying it. Idempotent; call once the wasm backend module is loaded (before or after it is
 * selected).
 *
 * @example
 * ```ts
 * import "@tensorflow/tfjs-backend-wasm";
 * import { installWasmKernels } from "./_wasm_kernels.ts";
 * installWasmKernels();
 * installWasmKernels(); // a second call does nothing
 * ```
 */
export function installWasmKernels(): void {
  if (installed) return;
  installed = true;
  const wrap = (name: string, wrapper: (original: tf.KernelConfig) => tf.KernelConfig) => {
    const original = kernel(name);
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel(wrapper(original));
  };
  wrap(tf.Identity, sharedIdentity);
  wrap(tf.Transpose, fastTranspose);
  wrap(tf.BatchMatMul, fastProduct);
  wrap(tf._FusedMatMul, fastProduct);
}
