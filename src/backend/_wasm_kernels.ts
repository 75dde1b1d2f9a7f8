/**
 * Keeps matrix products on the wasm backend's fast path. tfjs-backend-wasm sends a product to
 * XNNPACK only when neither side is transposed and there is no batch dimension; otherwise it runs a
 * scalar loop (≈ 0.4–2 GFLOP/s against XNNPACK's ≈ 25). tfjs's own MatMul gradient asks for
 * exactly those transposes, so `BatchMatMul` and `_FusedMatMul` are re-registered to transpose
 * explicitly first and to fold a batch of left-hand matrices into rows when the right-hand side is
 * a single matrix.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";

interface BackendLike {
  disposeData(dataId: unknown): boolean;
}

type Args = Parameters<tf.KernelFunc>[0];

function kernel(name: string): tf.KernelConfig {
  const config = tf.getKernel(name, "wasm");
  if (config == null) throw new Error(`tfjs-backend-wasm has no ${name} kernel to wrap`);
  return config;
}

/** Wrap a product kernel so XNNPACK sees `a[1, M, K] · b[1, K, N]` whenever that is possible. */
function fastProduct(original: tf.KernelConfig): tf.KernelConfig {
  const transpose = kernel("Transpose").kernelFunc;
  const reshape = kernel("Reshape").kernelFunc;
  const kernelFunc: tf.KernelFunc = (args: Args) => {
    const { backend } = args;
    const inputs = args.inputs as Record<string, tf.TensorInfo>;
    const attrs = args.attrs as Record<string, unknown>;
    const temps: tf.TensorInfo[] = [];
    const call = (f: tf.KernelFunc, x: tf.TensorInfo, at: Record<string, unknown>) => {
      const out = f({ inputs: { x }, backend, attrs: at as tf.NamedAttrMap }) as tf.TensorInfo;
      temps.push(out);
      return out;
    };
    const swapLast = (x: tf.TensorInfo) => {
      const perm = x.shape.map((_, i) => i);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return call(transpose, x, { perm });
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
 * loop. Idempotent; call once the wasm backend module is loaded (before or after it is selected).
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
  for (const name of [tf.BatchMatMul, tf._FusedMatMul]) {
    const original = kernel(name);
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel(fastProduct(original));
  }
}
