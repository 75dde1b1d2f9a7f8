/**
 * The helper worker of `_parallel.ts`: its own wasm backend; runs a share of a fused pass on the
 * buffers staged in the shared memory it is sent, writes the outputs back, and signals.
 * @module
 */
/// <reference lib="deno.worker" />
import * as tf from "@tensorflow/tfjs-core";
import { useBackend } from "../../backend/mod.ts";
import { type Buf, WasmWorkspace } from "./_memory.ts";
import { CONTROL, HEADER_BYTES, type HelperJob } from "./_parallel.ts";
import { passBuffers, runPass } from "./_passes.ts";

await useBackend("wasm");

self.onmessage = (event: MessageEvent<HelperJob>) => {
  const { kind, pass, dims, sab, seq } = event.data;
  const control = new Int32Array(sab, 0, 4);
  // The main thread may have taken the job back (or moved on to a later one): then skip it.
  if (Atomics.compareExchange(control, CONTROL.claim, -seq, seq) !== -seq) return;
  const ws = new WasmWorkspace(tf.backend());
  try {
    const specs = passBuffers(kind, pass, dims);
    const total = specs.reduce((sum, s) => sum + s.floats, 0);
    const shared = new Float32Array(sab, HEADER_BYTES, total);
    const bufs: Record<string, Buf> = {};
    const at: Record<string, number> = {};
    let offset = 0;
    for (const spec of specs) {
      const buf = ws.scratch(spec.floats, spec.role === "partial");
      if (!spec.output) ws.array(buf).set(shared.subarray(offset, offset + spec.floats), buf.off);
      bufs[spec.name] = buf;
      at[spec.name] = offset;
      offset += spec.floats;
    }
    runPass(ws, kind, pass, dims, bufs);
    for (const spec of specs) {
      if (!spec.output) continue;
      const buf = bufs[spec.name];
      shared.set(ws.array(buf).subarray(buf.off, buf.off + spec.floats), at[spec.name]);
    }
  } catch (error) {
    console.error("fused helper worker:", error);
    Atomics.store(control, CONTROL.failed, 1);
  } finally {
    ws.release();
    Atomics.store(control, CONTROL.done, 1);
    Atomics.notify(control, CONTROL.done);
  }
};

self.postMessage("ready");
