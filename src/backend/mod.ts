/**
 * Backend selection: one place that knows how to start tfjs's cpu, wasm and webgpu backends under Deno.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
// tfjs-core registers no gradients; the umbrella package does (its ESM files cannot be imported
// one by one under Deno), at the cost of loading the rest of tfjs once.
import "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { createRequire } from "node:module";
import { installWasmKernels } from "./_wasm_kernels.ts";

/** The backends an experiment can ask for. */
export const BACKENDS = ["wasm", "cpu", "webgpu"] as const;
/** One of {@link BACKENDS}. */
export type BackendName = typeof BACKENDS[number];

const WASM_FILES = [
  "tfjs-backend-wasm.wasm",
  "tfjs-backend-wasm-simd.wasm",
  "tfjs-backend-wasm-threaded-simd.wasm",
];

let wasmPathsSet = false;

/** Point tfjs-backend-wasm at its binaries inside node_modules (Deno cannot fetch file:// URLs). */
function prepareWasm(): void {
  if (wasmPathsSet) return;
  const require = createRequire(import.meta.url);
  const first = require.resolve(`@tensorflow/tfjs-backend-wasm/dist/${WASM_FILES[0]}`);
  const dir = first.slice(0, first.lastIndexOf("/") + 1);
  const map: Record<string, string> = {};
  for (const name of WASM_FILES) {
    const bytes = Deno.readFileSync(dir + name);
    map[name] = URL.createObjectURL(new Blob([bytes], { type: "application/wasm" }));
  }
  setWasmPaths(map, true);
  wasmPathsSet = true;
}

/**
 * Make `name` the active tfjs backend, initialising it on first use.
 *
 * @example
 * ```ts
 * import { useBackend } from "./mod.ts";
 * await useBackend("cpu");
 * ```
 */
export async function useBackend(name: BackendName): Promise<void> {
  if (tf.getBackend() === name) return;
  if (name === "wasm") prepareWasm();
  if (name === "webgpu") await import("./_webgpu.ts").then((m) => m.registerWebGpu());
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`backend "${name}" failed to initialise`);
  if (name === "wasm") installWasmKernels();
  await tf.ready();
}

export {
  activeSgemm,
  BLAS_ENV,
  checkBlasEnv,
  describeRuntime,
  FALLBACK_NOTE,
  PRODUCTS,
  type Products,
  resolveProducts,
  type Runtime,
} from "./blas.ts";
