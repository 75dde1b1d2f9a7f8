/** WebGPU under Deno: create the device ourselves (tfjs 4.22 asks for features in a form Deno rejects). */
import * as tf from "@tensorflow/tfjs-core";

let registered = false;

/** Register tfjs-backend-webgpu under the name "webgpu" using a device we create. */
export async function registerWebGpu(): Promise<void> {
  if (registered) return;
  const { WebGPUBackend } = await import("@tensorflow/tfjs-backend-webgpu");
  // deno-lint-ignore no-explicit-any
  const gpu = (navigator as any).gpu;
  if (!gpu) throw new Error("WebGPU is not available in this Deno (navigator.gpu is undefined)");
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error("WebGPU: no adapter found");
  const features = ["timestamp-query"].filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ requiredFeatures: features });
  // The package registers a "webgpu" factory of its own on import; replace it with ours.
  if (tf.findBackendFactory("webgpu")) tf.removeBackend("webgpu");
  tf.registerBackend("webgpu", () => new WebGPUBackend(device, adapter.info), 3);
  registered = true;
}
