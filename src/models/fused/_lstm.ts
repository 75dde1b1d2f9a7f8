/**
 * Fused LSTM over a whole sequence (gate order i, f, g, o). Per step: one product `h·wh`, then
 * one loop does every element-wise operation. The cache keeps, per step, the activated gates
 * `[B, 4H]`, then (after all steps) `c_t` `[T, B, H]` and `tanh(c_t)` `[T, B, H]`.
 * @module
 */
import { at, copyInto } from "./_memory.ts";
import type { Workspace } from "./_memory.ts";
import {
  type BackwardIo,
  type ForwardIo,
  projectInputs,
  sigmoid,
  transposedRecurrent,
  weightGradients,
} from "./_shared.ts";

/** Floats of cache per `[t, b]` row, in units of H. */
export const LSTM_CACHE = 6;

/** Forward pass: fills `hs`, `hT`, `cT`, `cache`. */
export function lstmForward(ws: Workspace, io: ForwardIo): void {
  const { T, B, H } = io;
  const W = 4 * H;
  const projected = projectInputs(ws, io, W);
  const bias = ws.scratch(W);
  {
    const bx = ws.array(io.bx), bh = ws.array(io.bh), b = ws.array(bias);
    for (let j = 0; j < W; j++) b[bias.off + j] = bx[io.bx.off + j] + bh[io.bh.off + j];
  }
  const wh = ws.matrix(io.wh, H, W);
  const rec = ws.scratch(B * W);
  const gatesOff = io.cache.off, cellsOff = gatesOff + T * B * W, tanhOff = cellsOff + T * B * H;
  for (let t = 0; t < T; t++) {
    const hPrev = t === 0 ? io.h0 : at(io.hs, (t - 1) * B * H);
    ws.gemm(hPrev, B, wh, rec);
    const P = ws.array(projected), R = ws.array(rec), bi = ws.array(bias), K = ws.array(io.cache);
    const Hs = ws.array(io.hs);
    const Cp = t === 0 ? ws.array(io.c0) : K;
    const cpBase = t === 0 ? io.c0.off : cellsOff + (t - 1) * B * H;
    for (let b = 0; b < B; b++) {
      const p = projected.off + (t * B + b) * W, r = rec.off + b * W, g = gatesOff + (t * B + b) * W;
      const cell = cellsOff + (t * B + b) * H, th = tanhOff + (t * B + b) * H;
      const cp = cpBase + b * H, h = io.hs.off + (t * B + b) * H, bo = bias.off;
      for (let j = 0; j < H; j++) {
        const i = sigmoid(P[p + j] + R[r + j] + bi[bo + j]);
        const f = sigmoid(P[p + H + j] + R[r + H + j] + bi[bo + H + j]);
        const gg = Math.tanh(P[p + 2 * H + j] + R[r + 2 * H + j] + bi[bo + 2 * H + j]);
        const o = sigmoid(P[p + 3 * H + j] + R[r + 3 * H + j] + bi[bo + 3 * H + j]);
        const c = f * Cp[cp + j] + i * gg;
        const tc = Math.tanh(c);
        K[g + j] = i, K[g + H + j] = f, K[g + 2 * H + j] = gg, K[g + 3 * H + j] = o;
        K[cell + j] = c, K[th + j] = tc;
        Hs[h + j] = o * tc;
      }
    }
  }
  copyInto(ws, at(io.hs, (T - 1) * B * H), io.hT, B * H);
  copyInto(ws, { arr: io.cache.arr, off: cellsOff + (T - 1) * B * H }, io.cT, B * H);
}

/** Backward pass (BPTT): fills `dxs`, `dh0`, `dc0`, `dwx`, `dwh`, `dbx`, `dbh`. */
export function lstmBackward(ws: Workspace, io: BackwardIo): void {
  const { T, B, H } = io;
  const W = 4 * H;
  const whT = transposedRecurrent(ws, io.wh, H, W);
  const dGates = ws.scratch(T * B * W);
  const dhNext = io.dh0, dc = io.dc0;
  copyInto(ws, io.dhT, dhNext, B * H);
  copyInto(ws, io.dcT, dc, B * H);
  const gatesOff = io.cache.off, cellsOff = gatesOff + T * B * W, tanhOff = cellsOff + T * B * H;
  for (let t = T - 1; t >= 0; t--) {
    const K = ws.array(io.cache), dG = ws.array(dGates), dHs = ws.array(io.dhs);
    const dHn = ws.array(dhNext), dC = ws.array(dc);
    const Cp = t === 0 ? ws.array(io.c0) : K;
    const cpBase = t === 0 ? io.c0.off : cellsOff + (t - 1) * B * H;
    for (let b = 0; b < B; b++) {
      const g = gatesOff + (t * B + b) * W, th = tanhOff + (t * B + b) * H;
      const dg = dGates.off + (t * B + b) * W, dh = io.dhs.off + (t * B + b) * H;
      const cp = cpBase + b * H, s = b * H;
      for (let j = 0; j < H; j++) {
        const i = K[g + j], f = K[g + H + j], gg = K[g + 2 * H + j], o = K[g + 3 * H + j];
        const tc = K[th + j];
        const dhv = dHs[dh + j] + dHn[dhNext.off + s + j];
        const dcv = dC[dc.off + s + j] + dhv * o * (1 - tc * tc);
        dG[dg + j] = dcv * gg * i * (1 - i);
        dG[dg + H + j] = dcv * Cp[cp + j] * f * (1 - f);
        dG[dg + 2 * H + j] = dcv * i * (1 - gg * gg);
        dG[dg + 3 * H + j] = dhv * tc * o * (1 - o);
        dC[dc.off + s + j] = dcv * f;
      }
    }
    ws.gemm(at(dGates, t * B * W), B, whT, dhNext);
  }
  weightGradients(ws, io, W, dGates, dGates);
}
