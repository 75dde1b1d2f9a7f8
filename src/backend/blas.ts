/**
 * Matrix products on a system BLAS: `cblas_sgemm` of OpenBLAS, BLIS, MKL or Accelerate through
 * `Deno.dlopen`, called zero-copy on Float32Arrays (views of the wasm heap or the cpu backend's
 * arrays). {@link resolveProducts} turns the config's `products` (`auto | blas | wasm`) and the
 * `RNNLAB_BLAS` environment variable into the product path of this process, which the fused
 * kernels and the wasm backend's matrix products then use.
 * @module
 */
import { InputError } from "../errors.ts";

/** What a config may ask for: a BLAS when one is found (`auto`), a BLAS or exit 2, or wasm. */
export const PRODUCTS = ["auto", "blas", "wasm"] as const;
/** One of {@link PRODUCTS}. */
export type Products = typeof PRODUCTS[number];

/** The environment variable naming the BLAS library (`none`: act as if none were installed). */
export const BLAS_ENV = "RNNLAB_BLAS";

/** The line on stderr when `auto` finds no BLAS and falls back to wasm. */
export const FALLBACK_NOTE = "note: no optimised BLAS found; matrix products run on wasm. " +
  "For faster training install one (Debian: apt-get install libopenblas0-pthread) " +
  `or set ${BLAS_ENV}=<path to a library with cblas_sgemm>.`;

/** The product path a process resolved: the `runtime` block of a run's config and summary. */
export interface Runtime {
  /** `blas`: products on the library below; `wasm`: the backend's own (XNNPACK, JS on cpu). */
  products: "blas" | "wasm";
  /** The library, or null on the wasm path. */
  blas: { path: string; version: string; threads: number | null } | null;
}

/** `C = alpha · op(A) · op(B) + beta · C`, row-major, offsets and leading dimensions in floats. */
export interface Sgemm {
  (
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    aOff: number,
    lda: number,
    b: Float32Array,
    bOff: number,
    ldb: number,
    beta: number,
    c: Float32Array,
    cOff: number,
    ldc: number,
  ): void;
}

const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f32",
      "buffer",
      "i32",
    ],
    result: "void",
  },
  openblas_set_num_threads: { parameters: ["i32"], result: "void", optional: true },
  openblas_get_config: { parameters: [], result: "pointer", optional: true },
  bli_thread_set_num_threads: { parameters: ["i64"], result: "void", optional: true },
  bli_info_get_version_str: { parameters: [], result: "pointer", optional: true },
  MKL_Set_Num_Threads: { parameters: ["i32"], result: "void", optional: true },
  MKL_Get_Version_String: { parameters: ["buffer", "i32"], result: "void", optional: true },
} as const satisfies Deno.ForeignLibraryInterface;

const ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

/** A loaded library: its product, and what the runtime block records about it. */
interface Loaded {
  sgemm: Sgemm;
  path: string;
  version: string;
  threads: number | null;
}

const libraries = new Map<string, Deno.DynamicLibrary<typeof SYMBOLS>>();
let active: Sgemm | null = null;

/** The active BLAS product, or null on the wasm path (read by the kernels on every call). */
export function activeSgemm(): Sgemm | null {
  return active;
}

/**
 * The optimised BLAS libraries looked for, in order (never reference or GSL CBLAS: name one with
 * `RNNLAB_BLAS` to use it anyway).
 */
export function blasCandidates(): string[] {
  if (Deno.build.os === "darwin") {
    return [
      "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
      "/usr/local/opt/openblas/lib/libopenblas.dylib",
      "/System/Library/Frameworks/Accelerate.framework/Accelerate",
    ];
  }
  if (Deno.build.os === "windows") return ["libopenblas.dll", "mkl_rt.2.dll"];
  const triple = `${Deno.build.arch}-linux-gnu`;
  const dirs = [
    ...(Deno.env.get("LD_LIBRARY_PATH") ?? "").split(":").filter((d) => d !== ""),
    `/usr/lib/${triple}/openblas-pthread`,
    `/usr/lib/${triple}/openblas-openmp`,
    `/usr/lib/${triple}/openblas-serial`,
    `/usr/lib/${triple}`,
    "/usr/local/lib",
    "/usr/lib64",
    "/usr/lib",
    "/opt/intel/oneapi/mkl/latest/lib/intel64",
    "/opt/intel/oneapi/mkl/latest/lib",
  ];
  const names = [
    "libopenblas.so.0",
    "libopenblas.so",
    "libblis.so.4",
    "libblis.so",
    "libmkl_rt.so.2",
  ];
  return dirs.flatMap((dir) => names.map((name) => `${dir}/${name}`));
}

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** Accelerate lives in the dyld shared cache (no file on disk); Windows names resolve on PATH. */
function loadableByName(path: string): boolean {
  return path.includes("Accelerate.framework") || Deno.build.os === "windows";
}

/** Open `path` with `threads` BLAS threads; `where` names the setting in errors. */
function load(path: string, threads: number, where: string): Loaded {
  const fix =
    `point ${BLAS_ENV} at a library with cblas_sgemm (e.g. Debian's libopenblas0-pthread), ` +
    `or set ${BLAS_ENV}=none`;
  if (!exists(path) && !loadableByName(path)) {
    throw new InputError(where, `no file at ${path}`, fix);
  }
  let lib = libraries.get(path);
  if (lib === undefined) {
    try {
      lib = Deno.dlopen(path, SYMBOLS);
    } catch (error) {
      const reason = String((error as Error).message ?? error).split("\n")[0];
      const what = /cblas_sgemm/.test(reason)
        ? "has no cblas_sgemm"
        : `cannot be loaded (${reason})`;
      throw new InputError(where, `${path} ${what}`, fix);
    }
    libraries.set(path, lib);
  }
  const s = lib.symbols;
  let set: number | null = null;
  if (s.openblas_set_num_threads) s.openblas_set_num_threads(threads), set = threads;
  else if (s.bli_thread_set_num_threads) {
    s.bli_thread_set_num_threads(BigInt(threads)), set = threads;
  } else if (s.MKL_Set_Num_Threads) s.MKL_Set_Num_Threads(threads), set = threads;
  const raw = s.cblas_sgemm;
  const sgemm: Sgemm = (ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) =>
    raw(
      ROW_MAJOR,
      ta ? TRANS : NO_TRANS,
      tb ? TRANS : NO_TRANS,
      m,
      n,
      k,
      1,
      a.subarray(aOff),
      lda,
      b.subarray(bOff),
      ldb,
      beta,
      c.subarray(cOff),
      ldc,
    );
  const resolved = realPath(path);
  return { sgemm, path: resolved, version: versionOf(s, resolved), threads: set };
}

function realPath(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch {
    return path;
  }
}

function versionOf(s: Deno.DynamicLibrary<typeof SYMBOLS>["symbols"], path: string): string {
  const cString = (p: Deno.PointerValue) => p ? Deno.UnsafePointerView.getCString(p).trim() : "";
  if (s.openblas_get_config) return cString(s.openblas_get_config());
  if (s.bli_info_get_version_str) return `BLIS ${cString(s.bli_info_get_version_str())}`;
  if (s.MKL_Get_Version_String) {
    const buf = new Uint8Array(256);
    s.MKL_Get_Version_String(buf, buf.length);
    return new TextDecoder().decode(buf).replace(/\0.*$/s, "").trim();
  }
  if (path.includes("Accelerate.framework")) return "Apple Accelerate";
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The library `RNNLAB_BLAS` names or the search finds, or null (none, or `RNNLAB_BLAS=none`). */
function findLibrary(): { path: string; named: boolean } | null {
  const named = Deno.env.get(BLAS_ENV);
  if (named !== undefined && named !== "") {
    return named === "none" ? null : { path: named, named: true };
  }
  const path = blasCandidates().find((p) => exists(p) || loadableByName(p));
  return path ? { path, named: false } : null;
}

/**
 * Resolve the product path for `asked` with `threads` BLAS threads and make it active for this
 * process. `auto` falls back to wasm (one line on stderr says how to get the faster path);
 * `blas` without a library, or a bad `RNNLAB_BLAS`, is an {@link InputError} (exit 2).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { resolveProducts } from "./blas.ts";
 * assertEquals(resolveProducts("wasm"), { products: "wasm", blas: null });
 * ```
 */
export function resolveProducts(asked: Products, threads = 1, quiet = false): Runtime {
  // Repeats (every run of a grid, benches switching paths) skip the search and the load.
  const key = `${asked}|${threads}|${Deno.env.get(BLAS_ENV) ?? ""}`;
  const known = resolved.get(key);
  if (known) {
    active = known.sgemm;
    known.setThreads?.(threads);
    return known.runtime;
  }
  const runtime = resolveOnce(asked, threads, quiet);
  resolved.set(key, { runtime, sgemm: active, setThreads: lastSetThreads });
  return runtime;
}

const resolved = new Map<
  string,
  { runtime: Runtime; sgemm: Sgemm | null; setThreads: ((n: number) => void) | null }
>();
/** The thread setter of the library {@link load} opened last (null: none, or wasm). */
let lastSetThreads: ((n: number) => void) | null = null;

function resolveOnce(asked: Products, threads: number, quiet: boolean): Runtime {
  lastSetThreads = null;
  if (asked === "wasm") {
    active = null;
    return { products: "wasm", blas: null };
  }
  const found = findLibrary();
  if (found === null) {
    if (asked === "blas") {
      throw new InputError(
        "products",
        `"blas" asked for, but ${
          Deno.env.get(BLAS_ENV) === "none" ? `${BLAS_ENV}=none` : "no optimised BLAS was found"
        }`,
        `install one (Debian: apt-get install libopenblas0-pthread), point ${BLAS_ENV} at it, ` +
          `or set products to "auto" or "wasm"`,
      );
    }
    if (!quiet && Deno.env.get(BLAS_ENV) !== "none") console.error(FALLBACK_NOTE);
    active = null;
    return { products: "wasm", blas: null };
  }
  const lib = load(found.path, threads, found.named ? BLAS_ENV : `BLAS ${found.path}`);
  active = lib.sgemm;
  return { products: "blas", blas: { path: lib.path, version: lib.version, threads: lib.threads } };
}

/**
 * Check `RNNLAB_BLAS` without loading anything else: an {@link InputError} when it names a missing
 * file or a library without `cblas_sgemm`. For CLIs, before any output is written.
 */
export function checkBlasEnv(): void {
  const named = Deno.env.get(BLAS_ENV);
  if (named === undefined || named === "" || named === "none") return;
  load(named, 1, BLAS_ENV);
}

/** One line describing `runtime`, for logs and `deno task speed`. */
export function describeRuntime(runtime: Runtime): string {
  if (runtime.blas === null) return "products: wasm";
  const { path, version, threads } = runtime.blas;
  return `products: blas ${path} (${version}; ${threads ?? "default"} thread${
    threads === 1 ? "" : "s"
  })`;
}
