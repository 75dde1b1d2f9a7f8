/**
 * LSTM with coupled input and forget gates (CIFG; Greff et al. 2015, "LSTM: A Search Space
 * Odyssey"): the forget gate is `f = 1 − i`, so the cell writes exactly as much as it forgets.
 * Gate blocks i, g, o: `c_t = (1 − σ(i))·c_{t-1} + σ(i)·tanh(g)`, `h_t = σ(o)·tanh(c_t)`; state
 * `[h, c]`. A forget bias b is −b on the input gate (`1 − σ(x − b) = σ(b − x)`).
 *
 * Fused passes: the cache keeps, per step, five `[B, H]` blocks: activated `i, g, o`, then `c_t`
 * and `tanh(c_t)`.
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
 * The CIFG cell.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { cifg } from "./cifg.ts";
 * const bx = new Float32Array(6);
 * cifg.addForgetBias!(bx, 2, 1); // H = 2: f = 1 − i, so the i-block [0, 2) moves by −1
 * assert(bx.join() === "-1,-1,0,0,0,0");
 * ```
 */
export const cifg: Cell = {
  kind: "cifg",
  gates: ["i", "g", "o"],
  state: ["h", "c"],
  variantOf: "lstm",
  addForgetBias: (bx, hidden, forgetBias) => {
    for (let j = 0; j < hidden; j++) bx[j] -= forgetBias;
  },
  step: (xProj, hProj, [, c]) => {
    const [i, g, o] = tf.split(tf.add(xProj, hProj), 3, 1) as tf.Tensor2D[];
    const input = tf.sigmoid(i) as tf.Tensor2D;
    const forget = tf.sub(1, input) as tf.Tensor2D;
    const output = tf.sigmoid(o) as tf.Tensor2D;
    const cNext = tf.add(tf.mul(forget, c), tf.mul(input, tf.tanh(g))) as tf.Tensor2D;
    return {
      state: [tf.mul(output, tf.tanh(cNext)), cNext],
      gates: { i: input, f: forget, o: output },
    };
  },
  probes: { saturating: ["i", "o"], keep: "f" },
  fused: { cacheWidth: 5, forward: cifgForward, backward: cifgBackward },
};

/** Fused forward pass: fills `hs`, `hT`, `cT`, `cache`. */
function cifgForward(ws: Workspace, io: ForwardIo): void {
  const { T, B, H } = io;
  const W = 3 * H, BH = B * H, step = 5 * BH;
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
        for (let q = 0; q < 3; q++) {
          const dst = base + q * BH + b * H, src = q * H, bo = bias.off + q * H;
          for (let j = 0; j < H; j++) K[dst + j] = P[p + src + j] + R[r + src + j] + bi[bo + j];
        }
      }
    }
    const gates = at(io.cache, t * step);
    ws.sigmoid(gates, BH); // i
    ws.tanh(at(gates, BH), BH); // g
    ws.sigmoid(at(gates, 2 * BH), BH); // o
    {
      const K = ws.array(io.cache);
      const Cp = t === 0 ? ws.array(io.c0) : K;
      const cp = t === 0 ? io.c0.off : base - step + 3 * BH;
      for (let e = 0; e < BH; e++) {
        const i = K[base + e];
        const c = (1 - i) * Cp[cp + e] + i * K[base + BH + e];
        K[base + 3 * BH + e] = c;
        K[base + 4 * BH + e] = c;
      }
    }
    ws.tanh(at(gates, 4 * BH), BH);
    {
      const K = ws.array(io.cache), Hs = ws.array(io.hs), h = io.hs.off + t * BH;
      for (let e = 0; e < BH; e++) Hs[h + e] = K[base + 2 * BH + e] * K[base + 4 * BH + e];
    }
  }
  copyInto(ws, at(io.hs, (T - 1) * BH), io.hT, BH);
  copyInto(ws, at(io.cache, (T - 1) * step + 3 * BH), io.cT, BH);
}

/** Fused backward pass (BPTT): fills `dxs`, `dh0`, `dc0`, `dwx`, `dwh`, `dbx`, `dbh`. */
function cifgBackward(ws: Workspace, io: BackwardIo): void {
  const { T, B, H } = io;
  const W = 3 * H, BH = B * H, step = 5 * BH;
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
    const cp = t === 0 ? io.c0.off : base - step + 3 * BH;
    for (let b = 0; b < B; b++) {
      const dg = dGates.off + (t * B + b) * W;
      for (let j = 0; j < H; j++) {
        const e = b * H + j, k = base + e;
        const i = K[k], gg = K[k + BH], o = K[k + 2 * BH], tc = K[k + 4 * BH];
        const dhv = dHs[io.dhs.off + t * BH + e] + dHn[dhNext.off + e];
        const dcv = dC[dc.off + e] + dhv * o * (1 - tc * tc);
        // i drives both the write (i·g) and the forget (1 − i)·c_{t-1}.
        dG[dg + j] = dcv * (gg - Cp[cp + e]) * i * (1 - i);
        dG[dg + H + j] = dcv * i * (1 - gg * gg);
        dG[dg + 2 * H + j] = dhv * tc * o * (1 - o);
        dC[dc.off + e] = dcv * (1 - i);
      }
    }
    ws.gemm(at(dGates, t * B * W), B, whT, dhNext);
  }
  weightGradients(ws, io, W, dGates, dGates);
}
