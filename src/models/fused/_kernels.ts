/**
 * The fused cells as tfjs kernels with gradients, registered for the wasm and cpu backends: one
 * forward kernel per kind (whole sequence) and one backward kernel (whole BPTT), so the tape holds
 * one node per layer and the gradient is one kernel call.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { CellKind } from "../cell.ts";
import { GATES } from "../cell.ts";
import { type Buf, workspaceFor } from "./_memory.ts";
import type { BackwardIo, ForwardIo } from "./_shared.ts";
import { GRU_CACHE, gruBackward, gruForward } from "./_gru.ts";
import { LSTM_CACHE, lstmBackward, lstmForward } from "./_lstm.ts";
import { rnnBackward, rnnForward } from "./_rnn.ts";

/** The backends that have the fused kernels. */
export const FUSED_BACKENDS = ["wasm", "cpu"] as const;

interface KindSpec {
  forward: (ws: ReturnType<typeof workspaceFor>, io: ForwardIo) => void;
  backward: (ws: ReturnType<typeof workspaceFor>, io: BackwardIo) => void;
  /** Cache floats per `[t, b]` row in units of H (0: no cache output). */
  cache: number;
}

const SPECS: Record<CellKind, KindSpec> = {
  rnn: { forward: rnnForward, backward: rnnBackward, cache: 0 },
  lstm: { forward: lstmForward, backward: lstmBackward, cache: LSTM_CACHE },
  gru: { forward: gruForward, backward: gruBackward, cache: GRU_CACHE },
};

const NONE: Buf = { arr: null, off: -1 };

/** Kernel name of the fused forward pass of `kind`. */
export function forwardKernelName(kind: CellKind): string {
  return `RnnlabFused${kind[0].toUpperCase()}${kind.slice(1)}`;
}

function backwardKernelName(kind: CellKind): string {
  return `${forwardKernelName(kind)}Grad`;
}

function forwardKernel(kind: CellKind, backendName: string): tf.KernelFunc {
  const spec = SPECS[kind];
  return ({ inputs, backend }) => {
    const x = inputs as Record<string, tf.TensorInfo>;
    const [T, B, E] = x.xs.shape;
    const H = x.wh.shape[0];
    const ws = workspaceFor(backend, backendName);
    try {
      const [hsInfo, hs] = ws.output([T, B, H]);
      const [hTInfo, hT] = ws.output([B, H]);
      const outputs = [hsInfo, hTInfo];
      let cT = NONE, cache = NONE;
      if (kind === "lstm") {
        const [info, buf] = ws.output([B, H]);
        outputs.push(info), cT = buf;
      }
      if (spec.cache > 0) {
        const [info, buf] = ws.output([T, B, spec.cache * H]);
        outputs.push(info), cache = buf;
      }
      spec.forward(ws, {
        T,
        B,
        E,
        H,
        xs: ws.input(x.xs),
        h0: ws.input(x.h0),
        c0: kind === "lstm" ? ws.input(x.c0) : NONE,
        wx: ws.input(x.wx),
        wh: ws.input(x.wh),
        bx: ws.input(x.bx),
        bh: ws.input(x.bh),
        hs,
        hT,
        cT,
        cache,
      });
      return outputs;
    } finally {
      ws.release();
    }
  };
}

function backwardKernel(kind: CellKind, backendName: string): tf.KernelFunc {
  const spec = SPECS[kind];
  return ({ inputs, backend }) => {
    const x = inputs as Record<string, tf.TensorInfo>;
    const [T, B, E] = x.xs.shape;
    const H = x.wh.shape[0];
    const W = GATES[kind] * H;
    const ws = workspaceFor(backend, backendName);
    try {
      const [dxsInfo, dxs] = ws.output([T, B, E]);
      const [dh0Info, dh0] = ws.output([B, H]);
      const [dc0Info, dc0] = kind === "lstm" ? ws.output([B, H]) : [null, NONE];
      const [dwxInfo, dwx] = ws.output([E, W]);
      const [dwhInfo, dwh] = ws.output([H, W]);
      const [dbxInfo, dbx] = ws.output([W]);
      const [dbhInfo, dbh] = ws.output([W]);
      const has = (name: string) => kind === "lstm" || name !== "c0";
      spec.backward(ws, {
        T,
        B,
        E,
        H,
        dhs: ws.input(x.dhs),
        dhT: ws.input(x.dhT),
        dcT: has("c0") ? ws.input(x.dcT) : NONE,
        xs: ws.input(x.xs),
        h0: ws.input(x.h0),
        c0: has("c0") ? ws.input(x.c0) : NONE,
        wx: ws.input(x.wx),
        wh: ws.input(x.wh),
        hs: ws.input(x.hs),
        cache: spec.cache > 0 ? ws.input(x.cache) : NONE,
        dxs,
        dh0,
        dc0,
        dwx,
        dwh,
        dbx,
        dbh,
      });
      const outs = [dxsInfo, dh0Info];
      if (dc0Info) outs.push(dc0Info);
      outs.push(dwxInfo, dwhInfo, dbxInfo, dbhInfo);
      return outs;
    } finally {
      ws.release();
    }
  };
}

function gradConfig(kind: CellKind): tf.GradConfig {
  const lstm = kind === "lstm";
  const inputsToSave = lstm ? ["xs", "h0", "c0", "wx", "wh"] : ["xs", "h0", "wx", "wh"];
  // Outputs: hs, hT, (cT), (cache); backward needs hs and the cache.
  const outputsToSave = kind === "rnn" ? [true, false] : lstm ? [true, false, false, true] : [
    true,
    false,
    true,
  ];
  return {
    kernelName: forwardKernelName(kind),
    inputsToSave,
    outputsToSave,
    gradFunc: (dy, saved) => {
      const dys = dy as tf.Tensor[];
      const [xs, h0, ...rest] = saved;
      const c0 = lstm ? rest.shift() as tf.Tensor : undefined;
      const [wx, wh, hs, cache] = rest;
      const inputs: tf.NamedTensorMap = { dhs: dys[0], dhT: dys[1], xs, h0, wx, wh, hs };
      if (c0) inputs.c0 = c0, inputs.dcT = dys[2];
      if (cache) inputs.cache = cache;
      const grads = tf.engine().runKernel(backwardKernelName(kind), inputs) as tf.Tensor[];
      const [dxs, dh0, ...tail] = grads;
      const dc0 = lstm ? tail.shift() as tf.Tensor : undefined;
      const [dwx, dwh, dbx, dbh] = tail;
      const out: Record<string, () => tf.Tensor> = {
        xs: () => dxs,
        h0: () => dh0,
        wx: () => dwx,
        wh: () => dwh,
        bx: () => dbx,
        bh: () => dbh,
      };
      if (dc0) out.c0 = () => dc0;
      return out;
    },
  };
}

let registered = false;

/** Register the fused kernels and their gradients (idempotent). */
export function registerFusedKernels(): void {
  if (registered) return;
  registered = true;
  for (const kind of Object.keys(SPECS) as CellKind[]) {
    for (const backendName of FUSED_BACKENDS) {
      for (const [name, make] of [[forwardKernelName(kind), forwardKernel], [
        backwardKernelName(kind),
        backwardKernel,
      ]] as const) {
        if (tf.getKernel(name, backendName) == null) {
          tf.registerKernel({ kernelName: name, backendName, kernelFunc: make(kind, backendName) });
        }
      }
    }
    if (tf.getGradient(forwardKernelName(kind)) == null) tf.registerGradient(gradConfig(kind));
  }
}
