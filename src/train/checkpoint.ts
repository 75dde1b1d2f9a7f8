/**
 * The checkpoint format: a JSON manifest plus one binary blob of tensors, written atomically.
 *
 * A checkpoint is a folder holding
 *
 * - `checkpoint.json` — the manifest: `format: "rnnlab-checkpoint"`, `version: 1`, `runId`, `step`,
 *   `status` (`running` | `finished` | `interrupted`), `kind` (`last` | `best`), the resolved run
 *   `config`, the loop's accumulated statistics (`loop`), the optimiser (`optimizer`), the task's
 *   own state (`task`, e.g. charlm's vocabulary, batch position and sampling counters), `blob`
 *   (`{file, bytes, crc32}`) and `tensors` (`[{name, dtype, shape, offset}]`);
 * - `checkpoint-<step>.bin` — the blob named by `blob.file`: every tensor's values back to back,
 *   little-endian float32 or int32, each at its `offset` (bytes). Names are grouped by prefix:
 *   `model/<variable>`, `optimizer/<index>`, `task/<key>`.
 *
 * Writing is atomic: the blob is written to a temporary file, synced and renamed, then the manifest
 * the same way; only then are older blobs removed. A reader therefore sees either the previous
 * checkpoint or the new one, never a mix. `blob.bytes` and `blob.crc32` catch a truncated or
 * damaged blob; a truncated manifest does not parse. Either is an {@link InputError}.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { readCheckpoint, writeCheckpoint } from "./checkpoint.ts";
 * const dir = Deno.makeTempDirSync();
 * writeCheckpoint(dir, {
 *   meta: { runId: "r", step: 3, status: "running", kind: "last", config: {}, loop: {}, optimizer: {}, task: {} },
 *   tensors: new Map([["model/w", { dtype: "float32", shape: [2], values: Float32Array.of(1, 2) }]]),
 * });
 * const back = readCheckpoint(dir);
 * assert(back.meta.step === 3 && back.tensors.get("model/w")!.values[1] === 2);
 * Deno.removeSync(dir, { recursive: true });
 * ```
 * @module
 */
import { InputError } from "../errors.ts";

/** Manifest file name inside a checkpoint folder. */
export const MANIFEST_FILE = "checkpoint.json";
/** The `format` field of every manifest. */
export const CHECKPOINT_FORMAT = "rnnlab-checkpoint";
/** The manifest version this module writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** Values of one saved tensor. */
export interface TensorData {
  dtype: "float32" | "int32";
  shape: number[];
  values: Float32Array | Int32Array;
}

/** The JSON part of a checkpoint that its writer chooses (everything but format and layout). */
export interface CheckpointMeta {
  runId: string;
  step: number;
  /** Status of the run when the checkpoint was written. */
  status: "running" | "finished" | "interrupted";
  /** `last`: the latest state; `best`: the state with the lowest validation loss so far. */
  kind: "last" | "best";
  /** The resolved run configuration (as in the run's `config.json`). */
  config: unknown;
  /** The loop's accumulated statistics ({@link import("./loop.ts").LoopState}). */
  loop: unknown;
  /** Optimiser name and the names of its saved weights. */
  optimizer: unknown;
  /** The task's own JSON state. */
  task: unknown;
}

/** One tensor's place in the blob. */
export interface TensorEntry {
  name: string;
  dtype: "float32" | "int32";
  shape: number[];
  offset: number;
}

/** The whole `checkpoint.json`. */
export interface CheckpointManifest extends CheckpointMeta {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  createdAt: string;
  blob: { file: string; bytes: number; crc32: number };
  tensors: TensorEntry[];
}

/** A checkpoint in memory. */
export interface Checkpoint {
  meta: CheckpointMeta;
  tensors: Map<string, TensorData>;
}

/** A checkpoint read from disk: its manifest, tensors and folder. */
export interface LoadedCheckpoint extends Checkpoint {
  manifest: CheckpointManifest;
  dir: string;
}

/**
 * Write `checkpoint` into folder `dir` (created if needed) atomically; returns the manifest path.
 * Older blobs in `dir` are removed once the new manifest is in place.
 */
export function writeCheckpoint(dir: string, checkpoint: Checkpoint): string {
  Deno.mkdirSync(dir, { recursive: true });
  const entries: TensorEntry[] = [];
  let bytes = 0;
  for (const [name, t] of checkpoint.tensors) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.values.length !== count) {
      throw new RangeError(`tensor ${name}: ${t.values.length} values for shape [${t.shape}]`);
    }
    entries.push({ name, dtype: t.dtype, shape: [...t.shape], offset: bytes });
    bytes += count * 4;
  }
  const blob = new Uint8Array(bytes);
  for (const entry of entries) {
    const t = checkpoint.tensors.get(entry.name)!;
    blob.set(
      new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength),
      entry.offset,
    );
  }
  const previous = blobFileOf(dir);
  let file = `checkpoint-${checkpoint.meta.step}.bin`;
  // Never replace the blob the current manifest names (only possible if a step is saved twice).
  if (file === previous) file = `checkpoint-${checkpoint.meta.step}-${Date.now().toString(36)}.bin`;
  writeAtomic(`${dir}/${file}`, blob);
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    createdAt: new Date().toISOString(),
    ...checkpoint.meta,
    blob: { file, bytes, crc32: crc32(blob) },
    tensors: entries,
  };
  const path = `${dir}/${MANIFEST_FILE}`;
  writeAtomic(path, new TextEncoder().encode(JSON.stringify(manifest, null, 1) + "\n"));
  for (const entry of Deno.readDirSync(dir)) {
    const stale = /^checkpoint-.*\.bin$/.test(entry.name) && entry.name !== file;
    if (stale || entry.name.endsWith(".tmp")) Deno.removeSync(`${dir}/${entry.name}`);
  }
  return path;
}

/**
 * Read and verify a checkpoint: `path` is a checkpoint folder or its `checkpoint.json`. A missing,
 * truncated or damaged manifest or blob throws an {@link InputError} naming the file.
 */
export function readCheckpoint(path: string): LoadedCheckpoint {
  const isManifest = path.endsWith(".json");
  const dir = isManifest ? (path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : ".") : path;
  const manifestPath = isManifest ? path : `${dir.replace(/\/$/, "")}/${MANIFEST_FILE}`;
  const fix = "resume or sample from another checkpoint (e.g. the run's best/ folder), or rerun";
  let text: string;
  try {
    text = Deno.readTextFileSync(manifestPath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new InputError(manifestPath, "no checkpoint here (file not found)", fix);
    }
    throw new InputError(manifestPath, `cannot be read (${(error as Error).message})`, fix);
  }
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new InputError(manifestPath, "is truncated or corrupt (not valid JSON)", fix);
  }
  checkManifest(manifest, manifestPath, fix);
  const blobPath = `${
    manifestPath.slice(0, manifestPath.lastIndexOf("/") + 1)
  }${manifest.blob.file}`;
  let blob: Uint8Array;
  try {
    blob = Deno.readFileSync(blobPath);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "is missing" : "cannot be read";
    throw new InputError(blobPath, `${why} (named by ${MANIFEST_FILE})`, fix);
  }
  if (blob.length !== manifest.blob.bytes) {
    throw new InputError(
      blobPath,
      `is truncated or corrupt: ${blob.length} bytes, the manifest says ${manifest.blob.bytes}`,
      fix,
    );
  }
  if (crc32(blob) !== manifest.blob.crc32) {
    throw new InputError(blobPath, "is corrupt (CRC-32 does not match the manifest)", fix);
  }
  const tensors = new Map<string, TensorData>();
  for (const entry of manifest.tensors) {
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (entry.offset % 4 !== 0 || entry.offset + count * 4 > blob.length) {
      throw new InputError(manifestPath, `tensor ${entry.name} lies outside the blob`, fix);
    }
    const buffer = blob.slice(entry.offset, entry.offset + count * 4).buffer;
    const values = entry.dtype === "int32" ? new Int32Array(buffer) : new Float32Array(buffer);
    tensors.set(entry.name, { dtype: entry.dtype, shape: entry.shape, values });
  }
  const {
    format: _f,
    version: _v,
    createdAt: _c,
    blob: _b,
    tensors: _t,
    ...meta
  } = manifest;
  return { manifest, meta, tensors, dir };
}

function checkManifest(m: CheckpointManifest, where: string, fix: string): void {
  const bad = (problem: string) => new InputError(where, problem, fix);
  if (m === null || typeof m !== "object" || m.format !== CHECKPOINT_FORMAT) {
    throw bad(`is not an rnnlab checkpoint manifest (format is not "${CHECKPOINT_FORMAT}")`);
  }
  if (m.version !== CHECKPOINT_VERSION) {
    throw bad(`has version ${m.version}; this rnnlab reads version ${CHECKPOINT_VERSION}`);
  }
  const blobOk = m.blob && typeof m.blob.file === "string" && !m.blob.file.includes("/") &&
    Number.isSafeInteger(m.blob.bytes) && Number.isSafeInteger(m.blob.crc32);
  if (!blobOk) throw bad("has no valid blob {file, bytes, crc32}");
  if (!Number.isSafeInteger(m.step) || m.step < 0) throw bad("has no valid step");
  const tensorsOk = Array.isArray(m.tensors) &&
    m.tensors.every((t) =>
      typeof t?.name === "string" && (t.dtype === "float32" || t.dtype === "int32") &&
      Array.isArray(t.shape) && t.shape.every((d) => Number.isSafeInteger(d) && d >= 0) &&
      Number.isSafeInteger(t.offset) && t.offset >= 0
    );
  if (!tensorsOk) throw bad("has an invalid tensors list");
}

/** The blob the current manifest in `dir` names, if any. */
function blobFileOf(dir: string): string | undefined {
  try {
    return JSON.parse(Deno.readTextFileSync(`${dir}/${MANIFEST_FILE}`)).blob?.file;
  } catch {
    return undefined;
  }
}

/** Write `data` to `path` via a synced temporary file and a rename (atomic on POSIX). */
function writeAtomic(path: string, data: Uint8Array): void {
  const temp = `${path}.${Deno.pid}.tmp`;
  const file = Deno.openSync(temp, { write: true, create: true, truncate: true });
  try {
    let written = 0;
    while (written < data.length) written += file.writeSync(data.subarray(written));
    file.syncSync();
  } finally {
    file.close();
  }
  Deno.renameSync(temp, path);
}

let crcTable: Uint32Array | undefined;

/**
 * CRC-32 (IEEE, as zlib) of `bytes`, as an unsigned integer.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { crc32 } from "./checkpoint.ts";
 * assert(crc32(new TextEncoder().encode("123456789")) === 0xcbf43926);
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
