/**
 * Vanilla (Elman) tanh RNN: `h_t = tanh(x_t·wx + bx + h_{t-1}·wh + bh)`. One gate block, state
 * `[h]`. The fused passes need no cache: `1 − h_t²` is the activation's derivative.
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
 * The tanh RNN cell.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import * as tf from "@tensorflow/tfjs-core";
 * import { useBackend } from "../../backend/mod.ts";
 * import { rnn } from "./rnn.ts";
 * await useBackend("cpu");
 * const { state } = rnn.step(tf.zeros([1, 2]), tf.zeros([1, 2]), [tf.zeros([1, 2])]);
 * assert(state.length === 1 && state[0].dataSync().every((v) => v === 0));
 * ```
 */
export const rnn: Cell = {
  kind: "rnn",
  gates: ["a"],
  state: ["h"],
  step: (xProj, hProj) => ({ state: [tf.tanh(tf.add(xProj, hProj))], gates: {} }),
  probes: { saturating: [], keep: null },
  fused: { cacheWidth: 0, forward: rnnForward, backward: rnnBackward },
};

function rnnForward(ws: Workspace, io: ForwardIo): void {
  const { T, B, H } = io;
  const projected = projectInputs(ws, io, H);
  const bias = ws.scratch(H);
  {
    const bx = ws.array(io.bx), bh = ws.array(io.bh), bb = ws.array(bias);
    for (let j = 0; j < H; j++) bb[bias.off + j] = bx[io.bx.off + j] + bh[io.bh.off + j];
  }
  const wh = ws.matrix(io.wh, H, H);
  const rec = ws.scratch(B * H);
  for (let t = 0; t < T; t++) {
    const hPrev = t === 0 ? io.h0 : at(io.hs, (t - 1) * B * H);
    ws.gemm(hPrev, B, wh, rec);
    const P = ws.array(projected), R = ws.array(rec), bi = ws.array(bias), Hs = ws.array(io.hs);
    const p = projected.off + t * B * H, h = io.hs.off + t * B * H;
    for (let b = 0; b < B; b++) {
      const row = b * H;
      for (let j = 0; j < H; j++) {
        Hs[h + row + j] = P[p + row + j] + R[rec.off + row + j] + bi[bias.off + j];
      }
    }
    ws.tanh(at(io.hs, t * B * H), B * H);
  }
  copyInto(ws, at(io.hs, (T - 1) * B * H), io.hT, B * H);
}

/** Fused backward pass (BPTT): fills `dxs`, `dh0`, `dwx`, `dwh`, `dbx`, `dbh`. */
function rnnBackward(ws: Workspace, io: BackwardIo): void {
  const { T, B, H } = io;
  const whT = transposedRecurrent(ws, io.wh, H, H);
  const dPre = ws.scratch(T * B * H);
  const dhNext = io.dh0;
  copyInto(ws, io.dhT, dhNext, B * H);
  for (let t = T - 1; t >= 0; t--) {
    const Hs = ws.array(io.hs), dP = ws.array(dPre), dHs = ws.array(io.dhs);
    const dHn = ws.array(dhNext);
    const base = t * B * H;
    for (let e = 0; e < B * H; e++) {
      const h = Hs[io.hs.off + base + e];
      dP[dPre.off + base + e] = (dHs[io.dhs.off + base + e] + dHn[dhNext.off + e]) * (1 - h * h);
    }
    ws.gemm(at(dPre, base), B, whT, dhNext);
  }
  weightGradients(ws, io, H, dPre, dPre);
}
