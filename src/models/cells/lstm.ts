/**
 * LSTM, gate blocks in PyTorch's order i, f, g, o:
 * `c_t = σ(f)·c_{t-1} + σ(i)·tanh(g)`, `h_t = σ(o)·tanh(c_t)`; state `[h, c]`.
 *
 * Fused passes: per step one product `h·wh`, one pass summing pre-activations, vectorised
 * activations, one pass for the cell, one for `h`. The cache keeps, per step, six `[B, H]` blocks:
 * activated `i, f, g, o`, then `c_t` and `tanh(c_t)` (block-major, so each activation is one call
 * over a contiguous run).
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Cell } from "../cell.ts";
import {
  at,
  type BackwardIo,
  copyInto,
  type ForwardIo,
  projectInputs,
  transposedRecurrent,
  weightGradients,
  type Workspace,
} from "../fused/workspace.ts";

/**
 * The LSTM cell (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { lstm } from "./lstm.ts";
 * const bx = new Float32Array(8);
 * lstm.addForgetBias!(bx, 2, 1); // H = 2: the f-block is [2, 4)
 * assert(bx.join() === "0,0,1,1,0,0,0,0");
 * ```
 */
export const lstm: Cell = {
  kind: "lstm",
  gates: ["i", "f", "g", "o"],
  state: ["h", "c"],
  addForgetBias: (bx, hidden, forgetBias) => {
    for (let j = hidden; j < 2 * hidden; j++) bx[j] += forgetBias;
  },
  step: (xProj, hProj, [, c]) => {
    const [i, f, g, o] = tf.split(tf.add(xProj, hProj), 4, 1) as tf.Tensor2D[];
    const gates = { i: tf.sigmoid(i), f: tf.sigmoid(f), o: tf.sigmoid(o) };
    const cNext = tf.add(tf.mul(gates.f, c), tf.mul(gates.i, tf.tanh(g))) as tf.Tensor2D;
    return { state: [tf.mul(gates.o, tf.tanh(cNext)), cNext], gates };
  },
  probes: { saturating: ["i", "f", "o"], keep: "f" },
  fused: { cacheWidth: 6, forward: lstmForward, backward: lstmBackward },
};

/** Fused forward pass: fills `hs`, `hT`, `cT`, `cache`. */
function lstmForward(ws: Workspace, io: ForwardIo): void {
  const { T, B, H } = io;
  const W = 4 * H, BH = B * H, step = 6 * BH;
  const projected = projectInputs(ws, io, W);
  const bias = ws.scratch(W);
  {
    const bx = ws.array(io.bx), bh = ws.array(io.bh), b = ws.array(bias);
    for (let j = 0; j < W; j++) b[bias.off + j] = bx[io.bx.off + j] + bh[io.bh.off + j];
  }
  const wh = ws.matrix(io.wh, H, W);
  const rec = ws.scratch(B * W);
  for (let t = 0; t < T; t++) {
    const hPrev = t === 0 ? io.h0 : at(io.hs, (t - 1) * BH);
    ws.gemm(hPrev, B, wh, rec);
    const base = io.cache.off + t * step;
    {
      const P = ws.array(projected), R = ws.array(rec), bi = ws.array(bias), K = ws.array(io.cache);
      for (let b = 0; b < B; b++) {
        const p = projected.off + (t * B + b) * W, r = rec.off + b * W;
        for (let q = 0; q < 4; q++) {
          const dst = base + q * BH + b * H, src = q * H, bo = bias.off + q * H;
          for (let j = 0; j < H; j++) K[dst + j] = P[p + src + j] + R[r + src + j] + bi[bo + j];
        }
      }
    }
    const gates = at(io.cache, t * step);
    ws.sigmoid(gates, 2 * BH); // i, f
    ws.tanh(at(gates, 2 * BH), BH); // g
    ws.sigmoid(at(gates, 3 * BH), BH); // o
    {
      const K = ws.array(io.cache);
      const Cp = t === 0 ? ws.array(io.c0) : K;
      const cp = t === 0 ? io.c0.off : base - step + 4 * BH;
      for (let e = 0; e < BH; e++) {
        const c = K[base + BH + e] * Cp[cp + e] + K[base + e] * K[base + 2 * BH + e];
        K[base + 4 * BH + e] = c;
        K[base + 5 * BH + e] = c;
      }
    }
    ws.tanh(at(gates, 5 * BH), BH);
    {
      const K = ws.array(io.cache), Hs = ws.array(io.hs), h = io.hs.off + t * BH;
      for (let e = 0; e < BH; e++) Hs[h + e] = K[base + 3 * BH + e] * K[base + 5 * BH + e];
    }
  }
  copyInto(ws, at(io.hs, (T - 1) * BH), io.hT, BH);
  copyInto(ws, at(io.cache, (T - 1) * step + 4 * BH), io.cT, BH);
}

/** Fused backward pass (BPTT): fills `dxs`, `dh0`, `dc0`, `dwx`, `dwh`, `dbx`, `dbh`. */
function lstmBackward(ws: Workspace, io: BackwardIo): void {
  const { T, B, H } = io;
  const W = 4 * H, BH = B * H, step = 6 * BH;
  const whT = transposedRecurrent(ws, io.wh, H, W);
  const dGates = ws.scratch(T * B * W);
  const dhNext = io.dh0, dc = io.dc0;
  copyInto(ws, io.dhT, dhNext, BH);
  copyInto(ws, io.dcT, dc, BH);
  for (let t = T - 1; t >= 0; t--) {
    const K = ws.array(io.cache), dG = ws.array(dGates), dHs = ws.array(io.dhs);
    const dHn = ws.array(dhNext), dC = ws.array(dc);
    const Cp = t === 0 ? ws.array(io.c0) : K;
    const base = io.cache.off + t * step;
    const cp = t === 0 ? io.c0.off : base - step + 4 * BH;
    for (let b = 0; b < B; b++) {
      const dg = dGates.off + (t * B + b) * W;
      for (let j = 0; j < H; j++) {
        const e = b * H + j, k = base + e;
        const i = K[k], f = K[k + BH], gg = K[k + 2 * BH], o = K[k + 3 * BH], tc = K[k + 5 * BH];
        const dhv = dHs[io.dhs.off + t * BH + e] + dHn[dhNext.off + e];
        const dcv = dC[dc.off + e] + dhv * o * (1 - tc * tc);
        dG[dg + j] = dcv * gg * i * (1 - i);
        dG[dg + H + j] = dcv * Cp[cp + e] * f * (1 - f);
        dG[dg + 2 * H + j] = dcv * i * (1 - gg * gg);
        dG[dg + 3 * H + j] = dhv * tc * o * (1 - o);
        dC[dc.off + e] = dcv * f;
      }
    }
    ws.gemm(at(dGates, t * B * W), B, whT, dhNext);
  }
  weightGradients(ws, io, W, dGates, dGates);
}
