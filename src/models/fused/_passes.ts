/**
 * One pass (forward or backward) of a cell kind over a contiguous batch of rows, described by
 * named buffers: what both the main thread and a helper worker run on their share of a batch.
 * @module
 */
import type { CellKind } from "../cell.ts";
import { cellOf } from "../cells/mod.ts";
import type { Buf, Workspace } from "./_memory.ts";
import type { Dims } from "./_shared.ts";

/** Forward or backward. */
export type Pass = "forward" | "backward";

/**
 * How a buffer relates to the batch: `time` rows `[T, B, ·]` (a share is `B'` rows at every step),
 * `rows` `[B, ·]`, `cache` (a share is one contiguous block: the cache is laid out share-major),
 * `whole` (weights, the same for every share), `partial` (weight gradients, summed over shares).
 */
export type Role = "time" | "rows" | "cache" | "whole" | "partial";

/** One named buffer of a pass: role, size in floats for `dims`, input or output. */
export interface BufferSpec {
  name: string;
  role: Role;
  floats: number;
  output: boolean;
}

/** The buffers of `pass` for `kind` at `dims`, inputs first, in a fixed order. */
export function passBuffers(kind: CellKind, pass: Pass, dims: Dims): BufferSpec[] {
  const { T, B, E, H } = dims;
  const cell = cellOf(kind);
  const W = cell.gates.length * H;
  // A second state part (c) travels in c0/cT/dc0/dcT.
  const carried = cell.state.length > 1;
  const cache = cell.fused.cacheWidth * T * B * H;
  const list: [string, Role, number, boolean][] = pass === "forward"
    ? [
      ["xs", "time", T * B * E, false],
      ["h0", "rows", B * H, false],
      ["c0", "rows", carried ? B * H : 0, false],
      ["wx", "whole", E * W, false],
      ["wh", "whole", H * W, false],
      ["bx", "whole", W, false],
      ["bh", "whole", W, false],
      ["hs", "time", T * B * H, true],
      ["hT", "rows", B * H, true],
      ["cT", "rows", carried ? B * H : 0, true],
      ["cache", "cache", cache, true],
    ]
    : [
      ["dhs", "time", T * B * H, false],
      ["dhT", "rows", B * H, false],
      ["dcT", "rows", carried ? B * H : 0, false],
      ["xs", "time", T * B * E, false],
      ["h0", "rows", B * H, false],
      ["c0", "rows", carried ? B * H : 0, false],
      ["wx", "whole", E * W, false],
      ["wh", "whole", H * W, false],
      ["hs", "time", T * B * H, false],
      ["cache", "cache", cache, false],
      ["dxs", "time", T * B * E, true],
      ["dh0", "rows", B * H, true],
      ["dc0", "rows", carried ? B * H : 0, true],
      ["dwx", "partial", E * W, true],
      ["dwh", "partial", H * W, true],
      ["dbx", "partial", W, true],
      ["dbh", "partial", W, true],
    ];
  return list.filter(([, , floats]) => floats > 0).map(([name, role, floats, output]) => ({
    name,
    role,
    floats,
    output,
  }));
}

const NONE: Buf = { arr: null, off: -1 };

/**
 * Run `pass` of `kind` on buffers named as {@link passBuffers} names them. Outputs `dbx`, `dbh` are
 * accumulated into, so they must start at zero.
 */
export function runPass(
  ws: Workspace,
  kind: CellKind,
  pass: Pass,
  dims: Dims,
  bufs: Record<string, Buf>,
): void {
  const get = (name: string) => bufs[name] ?? NONE;
  if (pass === "forward") {
    const io = {
      ...dims,
      xs: get("xs"),
      h0: get("h0"),
      c0: get("c0"),
      wx: get("wx"),
      wh: get("wh"),
      bx: get("bx"),
      bh: get("bh"),
      hs: get("hs"),
      hT: get("hT"),
      cT: get("cT"),
      cache: get("cache"),
    };
    cellOf(kind).fused.forward(ws, io);
    return;
  }
  const io = {
    ...dims,
    dhs: get("dhs"),
    dhT: get("dhT"),
    dcT: get("dcT"),
    xs: get("xs"),
    h0: get("h0"),
    c0: get("c0"),
    wx: get("wx"),
    wh: get("wh"),
    hs: get("hs"),
    cache: get("cache"),
    dxs: get("dxs"),
    dh0: get("dh0"),
    dc0: get("dc0"),
    dwx: get("dwx"),
    dwh: get("dwh"),
    dbx: get("dbx"),
    dbh: get("dbh"),
  };
  cellOf(kind).fused.backward(ws, io);
}
