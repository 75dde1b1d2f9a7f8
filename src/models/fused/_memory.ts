/**
 * Raw memory for the fused kernels: one interface over the wasm backend's heap (tensors are
 * offsets into `HEAPF32`, matrix products go straight to XNNPACK) and the cpu backend's typed
 * arrays (plain JS loops), so each cell's forward and backward pass is written once. When a system
 * BLAS is active (`products` resolved to `blas`), both run their products on its `cblas_sgemm`,
 * zero-copy on the same memory.
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import { engine as tfEngine } from "@tensorflow/tfjs-core";
import { activeSgemm, type Sgemm } from "../../backend/blas.ts";
import { type SimdActivations, simdActivations } from "./_simd.ts";
import { sigmoid, tanh } from "./_math.ts";

/** A float32 buffer: `array(buf)` gives the typed array, `buf.off` the first element in it. */
export interface Buf {
  /**
   * Own array (cpu tensors, shared staging memory), or `null` for the wasm heap (fetched fresh:
   * it moves when memory grows).
   */
  arr: Float32Array | null;
  /** Element offset of the buffer's first float. */
  off: number;
}

/** A right-hand matrix `[k, n]` that stays constant while a kernel runs (packed once on wasm). */
export interface Mat {
  buf: Buf;
  k: number;
  n: number;
  /** wasm tensor id registered over `buf` (0 on cpu). */
  id: number;
}

/** Memory and matrix products of one kernel call; `release()` frees all scratch and ids. */
export interface Workspace {
  /** The typed array holding `buf` (after any `gemm`/`scratch`, fetch again). */
  array(buf: Buf): Float32Array;
  /** A kernel input's storage (read only). */
  input(t: tf.TensorInfo): Buf;
  /** A new output tensor of `shape` and its storage (zero-filled only when `zero`). */
  output(shape: number[], zero?: boolean): [tf.TensorInfo, Buf];
  /** Scratch of `count` floats (zero-filled only when `zero`), freed by `release()`. */
  scratch(count: number, zero?: boolean): Buf;
  /** A view of `buf` as a constant right-hand matrix `[k, n]`. */
  matrix(buf: Buf, k: number, n: number): Mat;
  /** The system BLAS's product when `products` resolved to `blas`, else null. */
  readonly blas: Sgemm | null;
  /** `c[m, n] = a[m, k] · b[k, n]`, all row-major; `c` must not overlap `a` or `b`. */
  gemm(a: Buf, m: number, b: Mat, c: Buf): void;
  /** Logistic sigmoid of `count` floats of `buf`, in place. */
  sigmoid(buf: Buf, count: number): void;
  /** tanh of `count` floats of `buf`, in place. */
  tanh(buf: Buf, count: number): void;
  /** Free scratch and wasm ids taken by this workspace. */
  release(): void;
}

/** Apply `f` to `count` floats of `array` from `off`, in place (the scalar path). */
function applyInPlace(array: Float32Array, off: number, count: number, f: (x: number) => number) {
  for (let i = off; i < off + count; i++) array[i] = f(array[i]);
}

/** Offset `buf` by `elements`. */
export function at(buf: Buf, elements: number): Buf {
  return { arr: buf.arr, off: buf.off + elements };
}

/**
 * `dst[c · dstStride + r] = src[r, c]` for `src[rows, cols]`: a transpose (`dstStride` = `rows`,
 * the default) or a block of columns of a wider transposed matrix.
 */
export function transposeInto(
  ws: Workspace,
  src: Buf,
  rows: number,
  cols: number,
  dst: Buf,
  dstStride = rows,
): void {
  const s = ws.array(src), d = ws.array(dst);
  const so = src.off, dO = dst.off;
  // Small blocks, contiguous writes: power-of-two strides make larger blocks thrash the cache.
  const block = 8;
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block);
    for (let c0 = 0; c0 < cols; c0 += block) {
      const c1 = Math.min(cols, c0 + block);
      for (let c = c0; c < c1; c++) {
        const out = dO + c * dstStride;
        for (let r = r0; r < r1; r++) d[out + r] = s[so + r * cols + c];
      }
    }
  }
}

/** Copy `count` floats from `src` to `dst`. */
export function copyInto(ws: Workspace, src: Buf, dst: Buf, count: number): void {
  const s = ws.array(src), d = ws.array(dst);
  d.set(s.subarray(src.off, src.off + count), dst.off);
}

/** Column sums of `src[rows, cols]` added into `dst[cols]` (on the BLAS: `dst += 1ᵀ·src`). */
export function addColumnSums(ws: Workspace, src: Buf, rows: number, cols: number, dst: Buf): void {
  if (ws.blas) {
    const ones = ws.scratch(rows);
    const o = ws.array(ones);
    o.fill(1, ones.off, ones.off + rows);
    const [S, D] = [ws.array(src), ws.array(dst)];
    ws.blas(false, false, 1, cols, rows, o, ones.off, rows, S, src.off, cols, 1, D, dst.off, cols);
    return;
  }
  const s = ws.array(src), d = ws.array(dst);
  for (let r = 0; r < rows; r++) {
    const row = src.off + r * cols;
    for (let c = 0; c < cols; c++) d[dst.off + c] += s[row + c];
  }
}

/**
 * `c[m, n] = a[k, m]ᵀ · b[k, n]` (`accumulate`: `c +=`, BLAS only): straight on the BLAS, else
 * through a transposed copy of `a`.
 */
export function gemmTransposedA(
  ws: Workspace,
  a: Buf,
  k: number,
  m: number,
  b: Mat,
  c: Buf,
  accumulate = false,
): void {
  if (ws.blas) {
    const [A, B, C] = [ws.array(a), ws.array(b.buf), ws.array(c)];
    const beta = accumulate ? 1 : 0;
    ws.blas(true, false, m, b.n, k, A, a.off, m, B, b.buf.off, b.n, beta, C, c.off, b.n);
    return;
  }
  if (accumulate) throw new Error("gemmTransposedA: accumulate needs the BLAS");
  const aT = ws.scratch(m * k);
  transposeInto(ws, a, k, m, aT);
  ws.gemm(aT, m, b, c);
}

/**
 * `c[m, n] = a[m, k] · b[n, k]ᵀ`: straight on the BLAS, else through a transposed copy of `b`.
 */
export function gemmTransposedB(
  ws: Workspace,
  a: Buf,
  m: number,
  b: Buf,
  n: number,
  k: number,
  c: Buf,
): void {
  if (ws.blas) {
    const [A, B, C] = [ws.array(a), ws.array(b), ws.array(c)];
    ws.blas(false, true, m, n, k, A, a.off, k, B, b.off, k, 0, C, c.off, n);
    return;
  }
  const bT = ws.scratch(k * n);
  transposeInto(ws, b, n, k, bT);
  ws.gemm(a, m, ws.matrix(bT, k, n), c);
}

// ---------------------------------------------------------------------------------------------
// wasm

/** The parts of tfjs-backend-wasm's module and backend the kernels touch. */
interface WasmModule {
  asm: { memory: WebAssembly.Memory };
  HEAPF32: Float32Array;
  HEAP32: Int32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _BatchMatMul(
    aId: number,
    aShape: number,
    aRank: number,
    bId: number,
    bShape: number,
    bRank: number,
    transposeA: number,
    transposeB: number,
    outId: number,
  ): void;
  tfjs: {
    registerTensor(id: number, size: number, offset: number): void;
    disposeData(id: number): void;
  };
}
interface WasmBackendLike {
  wasm: WasmModule;
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: unknown): { id: number; memoryOffset: number } };
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
}

const HEAP: null = null;

/** A workspace over the wasm backend's heap; products run on XNNPACK. */
export class WasmWorkspace implements Workspace {
  readonly #backend: WasmBackendLike;
  readonly #wasm: WasmModule;
  readonly #scratch: number[] = [];
  readonly #ids: number[] = [];
  readonly #simd: SimdActivations | null;
  readonly blas: Sgemm | null = activeSgemm();
  #shapes = 0;

  constructor(backend: unknown) {
    this.#backend = backend as WasmBackendLike;
    this.#wasm = this.#backend.wasm;
    this.#simd = simdActivations(this.#wasm.asm.memory);
  }

  sigmoid(buf: Buf, count: number): void {
    this.#activate(buf, count, sigmoid, "sigmoid");
  }

  tanh(buf: Buf, count: number): void {
    this.#activate(buf, count, tanh, "tanh");
  }

  #activate(buf: Buf, count: number, f: (x: number) => number, name: "sigmoid" | "tanh"): void {
    let done = 0;
    if (this.#simd && buf.arr === null) {
      done = count & ~3;
      this.#simd[name](buf.off * 4, done);
    }
    applyInPlace(this.array(buf), buf.off + done, count - done, f);
  }

  array(buf: Buf): Float32Array {
    return buf.arr ?? this.#wasm.HEAPF32;
  }

  input(t: tf.TensorInfo): Buf {
    return { arr: HEAP, off: this.#backend.dataIdMap.get(t.dataId).memoryOffset >>> 2 };
  }

  output(shape: number[], zero = false): [tf.TensorInfo, Buf] {
    const info = this.#backend.makeOutput(shape, "float32");
    const buf = this.input(info);
    if (zero) this.#wasm.HEAPF32.fill(0, buf.off, buf.off + shape.reduce((a, b) => a * b, 1));
    return [info, buf];
  }

  scratch(count: number, zero = false): Buf {
    const ptr = this.#wasm._malloc(Math.max(4, count * 4)) >>> 0;
    this.#scratch.push(ptr);
    const off = ptr >>> 2;
    if (zero) this.#wasm.HEAPF32.fill(0, off, off + count);
    return { arr: HEAP, off };
  }

  matrix(buf: Buf, k: number, n: number): Mat {
    return { buf, k, n, id: this.blas ? 0 : this.#register(buf, k * n, true) };
  }

  gemm(a: Buf, m: number, b: Mat, c: Buf): void {
    if (this.blas) {
      const { k, n } = b;
      const A = this.array(a), B = this.array(b.buf), C = this.array(c);
      this.blas(false, false, m, n, k, A, a.off, k, B, b.buf.off, n, 0, C, c.off, n);
      return;
    }
    const wasm = this.#wasm;
    if (this.#shapes === 0) this.#shapes = wasm._malloc(24) >>> 0;
    const aId = this.#register(a, m * b.k, false);
    const cId = this.#register(c, m * b.n, false);
    const s = this.#shapes >>> 2;
    const h32 = wasm.HEAP32;
    h32[s] = 1, h32[s + 1] = m, h32[s + 2] = b.k;
    h32[s + 3] = 1, h32[s + 4] = b.k, h32[s + 5] = b.n;
    wasm._BatchMatMul(aId, this.#shapes, 3, b.id, this.#shapes + 12, 3, 0, 0, cId);
    wasm.tfjs.disposeData(aId);
    wasm.tfjs.disposeData(cId);
  }

  release(): void {
    const wasm = this.#wasm;
    // Disposing a right-hand matrix's id also drops XNNPACK's packed copy of it.
    for (const id of this.#ids) wasm.tfjs.disposeData(id);
    for (const ptr of this.#scratch) wasm._free(ptr);
    if (this.#shapes !== 0) wasm._free(this.#shapes);
    this.#ids.length = 0;
    this.#scratch.length = 0;
    this.#shapes = 0;
  }

  #register(buf: Buf, size: number, keep: boolean): number {
    const id = this.#backend.dataIdNextNumber++;
    this.#wasm.tfjs.registerTensor(id, size, buf.off * 4);
    if (keep) this.#ids.push(id);
    return id;
  }
}

// ---------------------------------------------------------------------------------------------
// cpu

interface CpuBackendLike {
  data: { get(dataId: unknown): { values: Float32Array | null } };
  makeTensorInfo(shape: number[], dtype: "float32", values: Float32Array): tf.TensorInfo;
}

/** A workspace over the cpu backend's typed arrays; products are plain JS loops. */
export class CpuWorkspace implements Workspace {
  readonly #backend: CpuBackendLike;
  readonly blas: Sgemm | null = activeSgemm();

  constructor(backend: unknown) {
    this.#backend = backend as CpuBackendLike;
  }

  array(buf: Buf): Float32Array {
    return buf.arr as Float32Array;
  }

  input(t: tf.TensorInfo): Buf {
    const data = this.#backend.data.get(t.dataId);
    // A tensor made by `emptyTensor` has no values yet on cpu: give it storage now.
    data.values ??= new Float32Array(t.shape.reduce((a, b) => a * b, 1));
    return { arr: data.values, off: 0 };
  }

  output(shape: number[]): [tf.TensorInfo, Buf] {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    return [this.#backend.makeTensorInfo(shape, "float32", values), { arr: values, off: 0 }];
  }

  scratch(count: number): Buf {
    return { arr: new Float32Array(count), off: 0 };
  }

  matrix(buf: Buf, k: number, n: number): Mat {
    return { buf, k, n, id: 0 };
  }

  sigmoid(buf: Buf, count: number): void {
    applyInPlace(buf.arr as Float32Array, buf.off, count, sigmoid);
  }

  tanh(buf: Buf, count: number): void {
    applyInPlace(buf.arr as Float32Array, buf.off, count, tanh);
  }

  gemm(a: Buf, m: number, b: Mat, c: Buf): void {
    const A = a.arr as Float32Array, B = b.buf.arr as Float32Array, C = c.arr as Float32Array;
    const { k, n } = b;
    if (this.blas) {
      this.blas(false, false, m, n, k, A, a.off, k, B, b.buf.off, n, 0, C, c.off, n);
      return;
    }
    const bo = b.buf.off;
    for (let i = 0; i < m; i++) {
      const co = c.off + i * n;
      C.fill(0, co, co + n);
      const ao = a.off + i * k;
      for (let p = 0; p < k; p++) {
        const av = A[ao + p];
        if (av === 0) continue;
        const bRow = bo + p * n;
        for (let j = 0; j < n; j++) C[co + j] += av * B[bRow + j];
      }
    }
  }

  release(): void {}
}

/**
 * A float32 tensor of `shape` with uninitialised storage (no fill, no copy): for buffers a kernel
 * writes in full, such as the fused cells' cache.
 */
export function emptyTensor(shape: number[]): tf.Tensor {
  const backend = tfEngine().backend;
  const dataId = backend.write(null as unknown as Float32Array, shape, "float32");
  return tfEngine().makeTensorFromTensorInfo({ dataId, shape, dtype: "float32" }, backend);
}

/** The workspace for `backend`: wasm heap or cpu arrays. */
export function workspaceFor(backend: unknown, backendName: string): Workspace {
  if (backendName === "wasm") return new WasmWorkspace(backend);
  if (backendName === "cpu") return new CpuWorkspace(backend);
  throw new Error(`fused kernels run on wasm and cpu, not ${backendName}`);
}
