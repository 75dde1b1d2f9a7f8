/**
 * The second core: wasm is single-threaded under Deno, so a helper Worker with its own wasm
 * backend runs one share of the batch while the main thread runs the other. Batch rows are
 * independent in both passes; only the weight gradients are summed over the shares. Inputs and
 * outputs of the helper's share travel through a SharedArrayBuffer; the main thread waits with
 * `Atomics.wait` (kernels are synchronous).
 * @module
 */
import type { CellKind } from "../cell.ts";
import { gateCount } from "../cells/mod.ts";
import type { Buf, Workspace } from "./_memory.ts";
import { type BufferSpec, type Pass, passBuffers, runPass } from "./_passes.ts";
import type { Dims } from "./_shared.ts";

/** Message to the helper: run `pass` of `kind` on the share described by `dims`, in `sab`. */
export interface HelperJob {
  kind: CellKind;
  pass: Pass;
  dims: Dims;
  sab: SharedArrayBuffer;
  /** Job number: the helper may claim the job only while the claim word holds `-seq`. */
  seq: number;
}

/** Control words at the start of the shared buffer, then the floats (16-byte header). */
export const HEADER_BYTES = 16;
/** Control word indices: done flag, failure flag, claim (`-seq` open, `seq` helper's, 0 main's). */
export const CONTROL = { done: 0, failed: 1, claim: 2 } as const;

class Helper {
  #sab = new SharedArrayBuffer(HEADER_BYTES + (1 << 20));
  constructor(readonly worker: Worker) {}

  /** Shared floats for `floats` values (the buffer grows as needed). */
  staging(floats: number): Float32Array {
    if (this.#sab.byteLength < HEADER_BYTES + floats * 4) {
      this.#sab = new SharedArrayBuffer(HEADER_BYTES + Math.ceil(floats * 1.25) * 4);
    }
    return new Float32Array(this.#sab, HEADER_BYTES, floats);
  }

  #seq = 0;

  post(kind: CellKind, pass: Pass, dims: Dims): void {
    const control = new Int32Array(this.#sab, 0, 4);
    this.#seq = (this.#seq % 0x3fffffff) + 1;
    Atomics.store(control, CONTROL.done, 0);
    Atomics.store(control, CONTROL.failed, 0);
    Atomics.store(control, CONTROL.claim, -this.#seq);
    const job: HelperJob = { kind, pass, dims, sab: this.#sab, seq: this.#seq };
    if (!holdJobs) this.worker.postMessage(job);
  }

  /**
   * Take the posted share back if the helper has not started it (it is busy elsewhere or
   * descheduled on a loaded machine): then the main thread runs it instead of waiting.
   */
  reclaim(): boolean {
    const control = new Int32Array(this.#sab, 0, 4);
    return Atomics.compareExchange(control, CONTROL.claim, -this.#seq, 0) === -this.#seq;
  }

  wait(): void {
    const control = new Int32Array(this.#sab, 0, 4);
    const deadline = performance.now() + 120_000;
    while (Atomics.load(control, CONTROL.done) === 0) {
      if (performance.now() > deadline) throw new Error("fused helper worker did not answer");
      Atomics.wait(control, CONTROL.done, 0, 1000);
    }
    if (Atomics.load(control, CONTROL.failed) !== 0) {
      throw new Error("fused helper worker failed (see its error above)");
    }
  }
}

const DEFAULT_MIN_WORK = 1 << 22;
let holdJobs = false;

/** Tests only: keep posted jobs from reaching the helper, so the main thread reclaims each one. */
export function holdHelperJobs(hold: boolean): void {
  holdJobs = hold;
}
let helper: Helper | null = null;
let minWork = DEFAULT_MIN_WORK;

/** Options of {@link startFusedWorker}. */
export interface WorkerOptions {
  /**
   * Split a layer call only when `T·B·H·G·H` reaches this (small calls cost more to hand over than
   * they gain). Default 2²² (e.g. an LSTM at T = 64, B = 32, H = 64 and up).
   */
  minWork?: number;
}

/**
 * Start the helper worker (idempotent); from then on large enough fused calls on the wasm backend
 * split their batch between the main thread and the helper. Resolves once the helper is ready.
 */
export async function startFusedWorker(options: WorkerOptions = {}): Promise<void> {
  if (options.minWork !== undefined) minWork = options.minWork;
  if (helper) return;
  const worker = new Worker(new URL("./_worker.ts", import.meta.url), { type: "module" });
  await new Promise<void>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent) => {
      if (event.data === "ready") resolve();
      else reject(new Error(`fused helper worker: ${event.data}`));
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      reject(new Error(`fused helper worker failed to start: ${event.message}`));
    };
  }).catch((error) => {
    worker.terminate();
    throw error;
  });
  helper = new Helper(worker);
}

/** Stop the helper worker (and forget its options); later calls run on the main thread only. */
export function stopFusedWorker(): void {
  helper?.worker.terminate();
  helper = null;
  minWork = DEFAULT_MIN_WORK;
}

/** Whether the helper worker is running. */
export function fusedWorkerRunning(): boolean {
  return helper !== null;
}

/** Rows of a `B`-row batch the main thread keeps (`B`: no split). */
export function mainShare(kind: CellKind, dims: Dims, backendName: string): number {
  const { T, B, H } = dims;
  if (!helper || backendName !== "wasm" || B < 2) return B;
  if (T * B * H * gateCount(kind) * H < minWork) return B;
  return Math.floor(B / 2);
}

/** Where one block copy reads and writes: `blocks` runs of `count` floats, each stride apart. */
type BlockCopy = [
  src: Buf,
  srcOff: number,
  srcStride: number,
  dst: Buf,
  dstOff: number,
  dstStride: number,
  blocks: number,
  count: number,
];

/** `count` floats `blocks` times, from `src` at `srcOff + i·srcStride` to `dst` likewise. */
function copyBlocks(
  ws: Workspace,
  add: boolean,
  ...[src, srcOff, srcStride, dst, dstOff, dstStride, blocks, count]: BlockCopy
): void {
  const s = ws.array(src), d = ws.array(dst);
  for (let i = 0; i < blocks; i++) {
    const so = src.off + srcOff + i * srcStride, dO = dst.off + dstOff + i * dstStride;
    if (add) {
      for (let k = 0; k < count; k++) d[dO + k] += s[so + k];
    } else {
      d.set(s.subarray(so, so + count), dO);
    }
  }
}

/**
 * Move one buffer of a share between the full batch (`full`, `B` rows) and the share's own
 * contiguous buffer (`share`, rows `r0 .. r0 + n`): `toShare` for inputs, else outputs back.
 */
function transfer(
  ws: Workspace,
  spec: BufferSpec,
  full: Buf,
  share: Buf,
  dims: Dims,
  r0: number,
  n: number,
  toShare: boolean,
): void {
  const { T, B } = dims;
  // Outputs of a "partial" buffer are sums over shares, so they add up instead of overwriting.
  const add = spec.role === "partial" && !toShare;
  const move = (...copy: BlockCopy) => copyBlocks(ws, add, ...copy);
  switch (spec.role) {
    case "time": {
      const width = spec.floats / (T * n);
      if (toShare) move(full, r0 * width, B * width, share, 0, n * width, T, n * width);
      else move(share, 0, n * width, full, r0 * width, B * width, T, n * width);
      return;
    }
    case "rows": {
      const width = spec.floats / n;
      if (toShare) move(full, r0 * width, 0, share, 0, 0, 1, n * width);
      else move(share, 0, 0, full, r0 * width, 0, 1, n * width);
      return;
    }
    case "cache": {
      // Share-major: share 0's block, then share 1's.
      const before = (spec.floats / n) * r0;
      if (toShare) move(full, before, 0, share, 0, 0, 1, spec.floats);
      else move(share, 0, 0, full, before, 0, 1, spec.floats);
      return;
    }
    case "whole":
    case "partial":
      if (toShare) move(full, 0, 0, share, 0, 0, 1, spec.floats);
      else move(share, 0, 0, full, 0, 0, 1, spec.floats);
  }
}

/**
 * Run `pass` of `kind` over the whole batch in `bufs` (full-batch buffers as named by
 * {@link passBuffers}), the main thread taking rows `0 .. b0` and the helper (or, without one,
 * the main thread afterwards) rows `b0 .. B`.
 */
export function runSplit(
  ws: Workspace,
  kind: CellKind,
  pass: Pass,
  dims: Dims,
  bufs: Record<string, Buf>,
  b0: number,
): void {
  if (b0 >= dims.B) {
    runPass(ws, kind, pass, dims, bufs);
    return;
  }
  const b1 = dims.B - b0;
  const dims0 = { ...dims, B: b0 }, dims1 = { ...dims, B: b1 };
  const specs1 = passBuffers(kind, pass, dims1);
  const remote = helper;
  // The helper's share: staged in shared memory (or scratch when there is no helper).
  const total = specs1.reduce((sum, s) => sum + s.floats, 0);
  const shared = remote ? remote.staging(total) : null;
  const share1: Record<string, Buf> = {};
  let offset = 0;
  for (const spec of specs1) {
    share1[spec.name] = shared
      ? { arr: shared, off: offset }
      : ws.scratch(spec.floats, spec.role === "partial");
    offset += spec.floats;
    if (!spec.output) transfer(ws, spec, bufs[spec.name], share1[spec.name], dims, b0, b1, true);
  }
  if (remote) remote.post(kind, pass, dims1);

  // The main thread's share: row blocks and its cache block are views; time-major ones are copied.
  const share0: Record<string, Buf> = {};
  const copied: BufferSpec[] = [];
  for (const spec of passBuffers(kind, pass, dims0)) {
    const full = bufs[spec.name];
    if (spec.role === "time") {
      share0[spec.name] = ws.scratch(spec.floats);
      if (!spec.output) transfer(ws, spec, full, share0[spec.name], dims, 0, b0, true);
      else copied.push(spec);
    } else {
      share0[spec.name] = full;
    }
  }
  runPass(ws, kind, pass, dims0, share0);
  for (const spec of copied) {
    transfer(ws, spec, bufs[spec.name], share0[spec.name], dims, 0, b0, false);
  }

  let done = share1;
  if (!remote) {
    runPass(ws, kind, pass, dims1, share1);
  } else if (remote.reclaim()) {
    // Run the helper's share here, on heap copies (products need the backend's memory).
    done = {};
    for (const spec of specs1) {
      done[spec.name] = ws.scratch(spec.floats, spec.role === "partial");
      if (!spec.output) {
        copyBlocks(ws, false, share1[spec.name], 0, 0, done[spec.name], 0, 0, 1, spec.floats);
      }
    }
    runPass(ws, kind, pass, dims1, done);
  } else {
    remote.wait();
  }
  for (const spec of specs1) {
    if (spec.output) transfer(ws, spec, bufs[spec.name], done[spec.name], dims, b0, b1, false);
  }
}
