/**
 * Fused GRU over a whole sequence (gate order r, z, n; PyTorch's candidate
 * `n = tanh(x·wx_n + bx_n + r·(h·wh_n + bh_n))`). The cache keeps, per `[t, b]` row,
 * `r, z, n` and `h·wh_n + bh_n` (4H floats).
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
export const GRU_CACHE = 4;

/** Forward pass: fills `hs`, `hT`, `cache`. */
export function gruForward(ws: Workspace, io: ForwardIo): void {
  const { T, B, H } = io;
  const W = 3 * H;
  const projected = projectInputs(ws, io, W);
  const wh = ws.matrix(io.wh, H, W);
  const rec = ws.scratch(B * W);
  for (let t = 0; t < T; t++) {
    const hPrev = t === 0 ? io.h0 : at(io.hs, (t - 1) * B * H);
    ws.gemm(hPrev, B, wh, rec);
    const P = ws.array(projected), R = ws.array(rec), K = ws.array(io.cache);
    const Bx = ws.array(io.bx), Bh = ws.array(io.bh), Hs = ws.array(io.hs), Hp = ws.array(hPrev);
    const bx = io.bx.off, bh = io.bh.off;
    for (let b = 0; b < B; b++) {
      const p = projected.off + (t * B + b) * W, r = rec.off + b * W;
      const k = io.cache.off + (t * B + b) * 4 * H, h = io.hs.off + (t * B + b) * H;
      const hp = hPrev.off + b * H;
      for (let j = 0; j < H; j++) {
        const rv = sigmoid(P[p + j] + Bx[bx + j] + R[r + j] + Bh[bh + j]);
        const zv = sigmoid(P[p + H + j] + Bx[bx + H + j] + R[r + H + j] + Bh[bh + H + j]);
        const hn = R[r + 2 * H + j] + Bh[bh + 2 * H + j];
        const nv = Math.tanh(P[p + 2 * H + j] + Bx[bx + 2 * H + j] + rv * hn);
        K[k + j] = rv, K[k + H + j] = zv, K[k + 2 * H + j] = nv, K[k + 3 * H + j] = hn;
        Hs[h + j] = nv + zv * (Hp[hp + j] - nv);
      }
    }
  }
  copyInto(ws, at(io.hs, (T - 1) * B * H), io.hT, B * H);
}

/** Backward pass (BPTT): fills `dxs`, `dh0`, `dwx`, `dwh`, `dbx`, `dbh`. */
export function gruBackward(ws: Workspace, io: BackwardIo): void {
  const { T, B, H } = io;
  const W = 3 * H;
  const whT = transposedRecurrent(ws, io.wh, H, W);
  // Gradients w.r.t. x·wx + bx and w.r.t. h·wh + bh: equal except in the candidate block.
  const dInput = ws.scratch(T * B * W), dRecurrent = ws.scratch(T * B * W);
  const direct = ws.scratch(B * H);
  const dhNext = io.dh0;
  copyInto(ws, io.dhT, dhNext, B * H);
  for (let t = T - 1; t >= 0; t--) {
    const hPrev = t === 0 ? io.h0 : at(io.hs, (t - 1) * B * H);
    const K = ws.array(io.cache), dI = ws.array(dInput), dR = ws.array(dRecurrent);
    const dHs = ws.array(io.dhs), dHn = ws.array(dhNext), D = ws.array(direct);
    const Hp = ws.array(hPrev);
    for (let b = 0; b < B; b++) {
      const k = io.cache.off + (t * B + b) * 4 * H, d = (t * B + b) * W;
      const dh = io.dhs.off + (t * B + b) * H, hp = hPrev.off + b * H, s = b * H;
      for (let j = 0; j < H; j++) {
        const rv = K[k + j], zv = K[k + H + j], nv = K[k + 2 * H + j], hn = K[k + 3 * H + j];
        const dhv = dHs[dh + j] + dHn[dhNext.off + s + j];
        const dan = dhv * (1 - zv) * (1 - nv * nv);
        const dar = dan * hn * rv * (1 - rv);
        const daz = dhv * (Hp[hp + j] - nv) * zv * (1 - zv);
        dI[dInput.off + d + j] = dar, dR[dRecurrent.off + d + j] = dar;
        dI[dInput.off + d + H + j] = daz, dR[dRecurrent.off + d + H + j] = daz;
        dI[dInput.off + d + 2 * H + j] = dan, dR[dRecurrent.off + d + 2 * H + j] = dan * rv;
        D[direct.off + s + j] = dhv * zv;
      }
    }
    ws.gemm(at(dRecurrent, t * B * W), B, whT, dhNext);
    const dHn2 = ws.array(dhNext), D2 = ws.array(direct);
    for (let e = 0; e < B * H; e++) dHn2[dhNext.off + e] += D2[direct.off + e];
  }
  weightGradients(ws, io, W, dInput, dRecurrent);
}
