/**
 * The fused cells as tfjs kernels with gradients, registered for the wasm and cpu backends: one
 * forward kernel per kind (whole sequence) and one backward kernel (whole BPTT), so the tape holds
 * one node per layer and the gradient is one kernel call.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { CellKind } from "../cell.ts";
import { CELL_KINDS, cellOf } from "../cells/mod.ts";
import { type Buf, workspaceFor } from "./_memory.ts";
import { mainShare, runSplit } from "./_parallel.ts";

/** The backends that have the fused kernels. */
export const FUSED_BACKENDS = ["wasm", "cpu"] as const;

/**
 * Floats of the cache tensor of `kind` (0 for none): the cache proper, then one float recording
 * how many batch rows the main thread took, so backward splits the batch as forward did.
 */
export function cacheFloats(kind: CellKind, T: number, B: number, H: number): number {
  const width = cellOf(kind).fused.cacheWidth;
  return width === 0 ? 0 : width * T * B * H + 1;
}

/** Kernel name of the fused forward pass of `kind`. */
export function forwardKernelName(kind: CellKind): string {
  return `RnnlabFused${kind[0].toUpperCase()}${kind.slice(1)}`;
}

function backwardKernelName(kind: CellKind): string {
  return `${forwardKernelName(kind)}Grad`;
}

type Infos = Record<string, tf.TensorInfo>;

/** Whether `kind` carries a second state part (c) besides h. */
export function carriesCell(kind: CellKind): boolean {
  return cellOf(kind).state.length > 1;
}

function forwardKernel(kind: CellKind, backendName: string): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const x = inputs as Infos;
    const [T, B, E] = x.xs.shape;
    const H = x.wh.shape[0];
    const dims = { T, B, E, H };
    const ws = workspaceFor(backend, backendName);
    try {
      const bufs: Record<string, Buf> = {};
      for (const name of ["xs", "h0", "c0", "wx", "wh", "bx", "bh"]) {
        if (x[name]) bufs[name] = ws.input(x[name]);
      }
      const outputs: tf.TensorInfo[] = [];
      for (const [name, shape] of [["hs", [T, B, H]], ["hT", [B, H]], ["cT", [B, H]]] as const) {
        if (name === "cT" && !carriesCell(kind)) continue;
        const [info, buf] = ws.output([...shape]);
        outputs.push(info), bufs[name] = buf;
      }
      const b0 = mainShare(kind, dims, backendName);
      const floats = cacheFloats(kind, T, B, H);
      if (floats > 0) {
        // Under a tape the cache is an input the kernel fills (the tape keeps it, and no zero
        // gradient is made for it as for an output); without one it is scratch.
        const cache = x.cache ? ws.input(x.cache) : ws.scratch(floats);
        ws.array(cache)[cache.off + floats - 1] = b0;
        bufs.cache = cache;
      }
      runSplit(ws, kind, "forward", dims, bufs, b0);
      return outputs;
    } finally {
      ws.release();
    }
  };
}

function backwardKernel(kind: CellKind, backendName: string): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const x = inputs as Infos;
    const [T, B, E] = x.xs.shape;
    const H = x.wh.shape[0];
    const W = cellOf(kind).gates.length * H;
    const dims = { T, B, E, H };
    const ws = workspaceFor(backend, backendName);
    try {
      const bufs: Record<string, Buf> = {};
      for (const name of ["dhs", "dhT", "dcT", "xs", "h0", "c0", "wx", "wh", "hs", "cache"]) {
        if (x[name]) bufs[name] = ws.input(x[name]);
      }
      const outputs: tf.TensorInfo[] = [];
      const shapes: [string, number[]][] = [
        ["dxs", [T, B, E]],
        ["dh0", [B, H]],
        ["dc0", [B, H]],
        ["dwx", [E, W]],
        ["dwh", [H, W]],
        ["dbx", [W]],
        ["dbh", [W]],
      ];
      for (const [name, shape] of shapes) {
        if (name === "dc0" && !carriesCell(kind)) continue;
        const [info, buf] = ws.output(shape, name === "dbx" || name === "dbh");
        outputs.push(info), bufs[name] = buf;
      }
      const floats = cacheFloats(kind, T, B, H);
      const b0 = floats > 0
        ? ws.array(bufs.cache)[bufs.cache.off + floats - 1]
        : mainShare(kind, dims, backendName);
      runSplit(ws, kind, "backward", dims, bufs, b0);
      return outputs;
    } finally {
      ws.release();
    }
  };
}

function gradConfig(kind: CellKind): tf.GradConfig {
  const carried = carriesCell(kind);
  const inputsToSave = ["xs", "h0", ...(carried ? ["c0"] : []), "wx", "wh"];
  if (cellOf(kind).fused.cacheWidth > 0) inputsToSave.push("cache");
  // Outputs: hs, hT, (cT); backward needs hs.
  const outputsToSave = carried ? [true, false, false] : [true, false];
  return {
    kernelName: forwardKernelName(kind),
    inputsToSave,
    outputsToSave,
    gradFunc: (dy, saved) => {
      const dys = dy as tf.Tensor[];
      const named: tf.NamedTensorMap = {};
      [...inputsToSave, "hs"].forEach((name, i) => (named[name] = saved[i]));
      const inputs: tf.NamedTensorMap = { ...named, dhs: dys[0], dhT: dys[1] };
      if (carried) inputs.dcT = dys[2];
      const grads = tf.engine().runKernel(backwardKernelName(kind), inputs) as tf.Tensor[];
      const names = ["xs", "h0", ...(carried ? ["c0"] : []), "wx", "wh", "bx", "bh"];
      return Object.fromEntries(names.map((name, i) => [name, () => grads[i]]));
    },
  };
}

let registered = false;

/** Register the fused kernels and their gradients (idempotent). */
export function registerFusedKernels(): void {
  if (registered) return;
  registered = true;
  for (const kind of CELL_KINDS) {
    for (const backendName of FUSED_BACKENDS) {
      const kernels = [
        [forwardKernelName(kind), forwardKernel],
        [backwardKernelName(kind), backwardKernel],
      ] as const;
      for (const [name, make] of kernels) {
        if (tf.getKernel(name, backendName) == null) {
          tf.registerKernel({ kernelName: name, backendName, kernelFunc: make(kind, backendName) });
        }
      }
    }
    if (tf.getGradient(forwardKernelName(kind)) == null) tf.registerGradient(gradConfig(kind));
  }
}
