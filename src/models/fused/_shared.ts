/**
 * What the fused cells share: buffer sets of a forward and a backward pass, the input projection
 * of all steps, and the weight-gradient tail (one large product per weight over all steps).
 * @module
 */
import {
  addColumnSums,
  at,
  type Buf,
  gemmTransposedA,
  gemmTransposedB,
  type Mat,
  transposeInto,
  type Workspace,
} from "./_memory.ts";

/** Sizes of one layer call. */
export interface Dims {
  /** Steps. */
  T: number;
  /** Batch. */
  B: number;
  /** Input size. */
  E: number;
  /** Hidden size. */
  H: number;
}

/** Buffers of a forward pass; `c0`, `cT` only for cells with a `c` state, `cache` holds what backward needs. */
export interface ForwardIo extends Dims {
  xs: Buf;
  h0: Buf;
  c0: Buf;
  wx: Buf;
  wh: Buf;
  bx: Buf;
  bh: Buf;
  hs: Buf;
  hT: Buf;
  cT: Buf;
  cache: Buf;
}

/** Buffers of a backward pass: incoming gradients, saved forward values, outgoing gradients. */
export interface BackwardIo extends Dims {
  dhs: Buf;
  dhT: Buf;
  dcT: Buf;
  xs: Buf;
  h0: Buf;
  c0: Buf;
  wx: Buf;
  wh: Buf;
  hs: Buf;
  cache: Buf;
  dxs: Buf;
  dh0: Buf;
  dc0: Buf;
  dwx: Buf;
  dwh: Buf;
  dbx: Buf;
  dbh: Buf;
}

/** `xs · wx` for all steps at once: `[T·B, G·H]` in fresh scratch (biases are added per step). */
export function projectInputs(ws: Workspace, io: ForwardIo, width: number): Buf {
  const { T, B, E } = io;
  const projected = ws.scratch(T * B * width);
  ws.gemm(io.xs, T * B, ws.matrix(io.wx, E, width), projected);
  return projected;
}

/** `wh`ᵀ `[G·H, H]` as a constant right-hand matrix, for `dh_{t-1} = dGates_t · whᵀ`. */
export function transposedRecurrent(ws: Workspace, wh: Buf, H: number, width: number): Mat {
  const whT = ws.scratch(width * H);
  transposeInto(ws, wh, H, width, whT);
  return ws.matrix(whT, width, H);
}

/**
 * The weight gradients and the input gradient from the per-step pre-activation gradients:
 * `dInput` `[T·B, G·H]` (w.r.t. `x·wx + bx`) and `dRecurrent` (w.r.t. `h·wh + bh`; the same
 * buffer unless the cell treats the two differently, as the GRU's candidate does).
 * Every product has its right-hand side untransposed, so none reaches a slow path.
 */
export function weightGradients(
  ws: Workspace,
  io: BackwardIo,
  width: number,
  dInput: Buf,
  dRecurrent: Buf,
): void {
  const { T, B, E, H } = io;
  const rows = T * B;
  if (ws.blas) {
    blasWeightGradients(ws, io, width, dInput, dRecurrent);
    return;
  }
  // h_{t-1} for all steps, transposed: [H, T·B], columns 0..B from h0, the rest from hs[0..T-2].
  const hPrevT = ws.scratch(H * rows);
  transposeInto(ws, io.h0, B, H, hPrevT, rows);
  if (T > 1) transposeInto(ws, io.hs, (T - 1) * B, H, at(hPrevT, B), rows);
  const dRec = ws.matrix(dRecurrent, rows, width);
  ws.gemm(hPrevT, H, dRec, io.dwh);
  addColumnSums(ws, dRecurrent, rows, width, io.dbh);

  const xsT = ws.scratch(E * rows);
  transposeInto(ws, io.xs, rows, E, xsT);
  const dIn = dInput === dRecurrent ? dRec : ws.matrix(dInput, rows, width);
  ws.gemm(xsT, E, dIn, io.dwx);
  addColumnSums(ws, dInput, rows, width, io.dbx);

  const wxT = ws.scratch(width * E);
  transposeInto(ws, io.wx, E, width, wxT);
  ws.gemm(dInput, rows, ws.matrix(wxT, width, E), io.dxs);
}

/** {@link weightGradients} on the BLAS: transposed operands go straight in, no copies. */
function blasWeightGradients(
  ws: Workspace,
  io: BackwardIo,
  width: number,
  dInput: Buf,
  dRecurrent: Buf,
): void {
  const { T, B, E, H } = io;
  const rows = T * B;
  // dwh = [h0; hs[0..T-2]]ᵀ · dRecurrent, as two products into the same sum.
  gemmTransposedA(ws, io.h0, B, H, ws.matrix(dRecurrent, B, width), io.dwh);
  if (T > 1) {
    const rest = ws.matrix(at(dRecurrent, B * width), rows - B, width);
    gemmTransposedA(ws, io.hs, rows - B, H, rest, io.dwh, true);
  }
  addColumnSums(ws, dRecurrent, rows, width, io.dbh);
  gemmTransposedA(ws, io.xs, rows, E, ws.matrix(dInput, rows, width), io.dwx);
  addColumnSums(ws, dInput, rows, width, io.dbx);
  gemmTransposedB(ws, dInput, rows, io.wx, E, width, io.dxs);
}
