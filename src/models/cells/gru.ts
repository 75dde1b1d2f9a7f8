/**
 * GRU, gate blocks in PyTorch's order r, z, n:
 * `r, z = σ(x·wx + bx + h·wh + bh)`, `n = tanh(x·wx_n + bx_n + r·(h·wh_n + bh_n))`,
 * `h_t = (1 − z)·n + z·h_{t-1}`; state `[h]`. The candidate's recurrent bias `bh_n` sits inside
 * `r·(h·wh_n + bh_n)`, so the input and recurrent projections stay apart.
 *
 * Fused passes: the cache keeps, per step, four `[B, H]` blocks: `r`, `z`, `n` and
 * `h·wh_n + bh_n` (block-major, so activations run over contiguous runs).
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
 * The GRU cell (Cho et al. 2014, PyTorch's variant). Its update gate z is the share of the old
 * state kept, the probes' counterpart of a forget gate; it has no forget-gate bias.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { gru } from "./gru.ts";
 * assert(gru.gates.join() === "r,z,n" && gru.addForgetBias === undefined);
 * ```
 */
export const gru: Cell = {
  kind: "gru",
  gates: ["r", "z", "n"],
  state: ["h"],
  step: (xProj, hProj, [h]) => {
    const [xr, xz, xn] = tf.split(xProj, 3, 1) as tf.Tensor2D[];
    const [hr, hz, hn] = tf.split(hProj, 3, 1) as tf.Tensor2D[];
    const r = tf.sigmoid(tf.add(xr, hr)) as tf.Tensor2D;
    const z = tf.sigmoid(tf.add(xz, hz)) as tf.Tensor2D;
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    // (1 − z)·n + z·h, written as n + z·(h − n): one op fewer.
    return { state: [tf.add(n, tf.mul(z, tf.sub(h, n)))], gates: { r, z } };
  },
  probes: { saturating: ["r", "z"], keep: "z" },
  fused: { cacheWidth: 4, forward: gruForward, backward: gruBackward },
};

/** Fused forward pass: fills `hs`, `hT`, `cache`. */
function gruForward(ws: Workspace, io: ForwardIo): void {
  const { T, B, H } = io;
  const W = 3 * H, BH = B * H, step = 4 * BH;
  const projected = projectInputs(ws, io, W);
  const wh = ws.matrix(io.wh, H, W);
  const rec = ws.scratch(B * W);
  for (let t = 0; t < T; t++) {
    const hPrev = t === 0 ? io.h0 : at(io.hs, (t - 1) * BH);
    ws.gemm(hPrev, B, wh, rec);
    const base = io.cache.off + t * step;
    const bx = io.bx.off, bh = io.bh.off;
    {
      const P = ws.array(projected), R = ws.array(rec), K = ws.array(io.cache);
      const Bx = ws.array(io.bx), Bh = ws.array(io.bh);
      for (let b = 0; b < B; b++) {
        const p = projected.off + (t * B + b) * W, r = rec.off + b * W, k = base + b * H;
        for (let j = 0; j < H; j++) {
          K[k + j] = P[p + j] + Bx[bx + j] + R[r + j] + Bh[bh + j];
          K[k + BH + j] = P[p + H + j] + Bx[bx + H + j] + R[r + H + j] + Bh[bh + H + j];
          K[k + 3 * BH + j] = R[r + 2 * H + j] + Bh[bh + 2 * H + j];
        }
      }
    }
    ws.sigmoid(at(io.cache, t * step), 2 * BH); // r, z
    {
      const P = ws.array(projected), K = ws.array(io.cache), Bx = ws.array(io.bx);
      for (let b = 0; b < B; b++) {
        const p = projected.off + (t * B + b) * W + 2 * H, k = base + b * H;
        for (let j = 0; j < H; j++) {
          K[k + 2 * BH + j] = P[p + j] + Bx[bx + 2 * H + j] + K[k + j] * K[k + 3 * BH + j];
        }
      }
    }
    ws.tanh(at(io.cache, t * step + 2 * BH), BH); // n
    {
      const K = ws.array(io.cache), Hs = ws.array(io.hs), Hp = ws.array(hPrev);
      const h = io.hs.off + t * BH;
      for (let e = 0; e < BH; e++) {
        const z = K[base + BH + e], n = K[base + 2 * BH + e];
        Hs[h + e] = n + z * (Hp[hPrev.off + e] - n);
      }
    }
  }
  copyInto(ws, at(io.hs, (T - 1) * BH), io.hT, BH);
}

/** Fused backward pass (BPTT): fills `dxs`, `dh0`, `dwx`, `dwh`, `dbx`, `dbh`. */
function gruBackward(ws: Workspace, io: BackwardIo): void {
  const { T, B, H } = io;
  const W = 3 * H, BH = B * H, step = 4 * BH;
  const whT = transposedRecurrent(ws, io.wh, H, W);
  // Gradients w.r.t. x·wx + bx and w.r.t. h·wh + bh: equal except in the candidate block.
  const dInput = ws.scratch(T * B * W), dRecurrent = ws.scratch(T * B * W);
  const direct = ws.scratch(BH);
  const dhNext = io.dh0;
  copyInto(ws, io.dhT, dhNext, BH);
  for (let t = T - 1; t >= 0; t--) {
    const hPrev = t === 0 ? io.h0 : at(io.hs, (t - 1) * BH);
    const K = ws.array(io.cache), dI = ws.array(dInput), dR = ws.array(dRecurrent);
    const dHs = ws.array(io.dhs), dHn = ws.array(dhNext), D = ws.array(direct);
    const Hp = ws.array(hPrev);
    const base = io.cache.off + t * step;
    for (let b = 0; b < B; b++) {
      const d = (t * B + b) * W, di = dInput.off + d, dr = dRecurrent.off + d;
      for (let j = 0; j < H; j++) {
        const e = b * H + j, k = base + e;
        const rv = K[k], zv = K[k + BH], nv = K[k + 2 * BH], hn = K[k + 3 * BH];
        const dhv = dHs[io.dhs.off + t * BH + e] + dHn[dhNext.off + e];
        const dan = dhv * (1 - zv) * (1 - nv * nv);
        const dar = dan * hn * rv * (1 - rv);
        const daz = dhv * (Hp[hPrev.off + e] - nv) * zv * (1 - zv);
        dI[di + j] = dar, dR[dr + j] = dar;
        dI[di + H + j] = daz, dR[dr + H + j] = daz;
        dI[di + 2 * H + j] = dan, dR[dr + 2 * H + j] = dan * rv;
        D[direct.off + e] = dhv * zv;
      }
    }
    ws.gemm(at(dRecurrent, t * B * W), B, whT, dhNext);
    const dHn2 = ws.array(dhNext), D2 = ws.array(direct);
    for (let e = 0; e < BH; e++) dHn2[dhNext.off + e] += D2[direct.off + e];
  }
  weightGradients(ws, io, W, dInput, dRecurrent);
}
