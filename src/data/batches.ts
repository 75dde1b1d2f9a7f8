import { InputError } from "../errors.ts";

/** One batch for truncated BPTT: row-major `[batch, seqLen]` ids; targets are inputs shifted by one. */
export interface Batch {
  inputs: Int32Array;
  targets: Int32Array;
  /** Passes completed over the streams before this batch (0 in the first pass). */
  epoch: number;
  /** Index of this batch within its epoch. */
  step: number;
  /** True when this batch starts over at the beginning of the streams: reset the carried state. */
  wrapped: boolean;
}

/** Names used in the "split too small" error. */
export interface BatchSource {
  /** Corpus id, e.g. "moby-dick". */
  corpus: string;
  /** Split name, e.g. "train" or "val". */
  split: string;
  /** Config location prefixed to the message; default `corpus "<id>"`. */
  where?: string;
}

/**
 * Fewest ids a split needs for `batch` streams of `seqLen` inputs plus one target each.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { minimumChars } from "./batches.ts";
 * assert(minimumChars(32, 64) === 2080);
 * ```
 */
export function minimumChars(batch: number, seqLen: number): number {
  return batch * (seqLen + 1);
}

/**
 * char-rnn style batch stream with state carried across batches: the ids are cut into `batch`
 * contiguous streams of equal length, and each {@link BatchStream.next} returns the next `seqLen`
 * characters of every stream, so row `b` of one batch continues row `b` of the previous one. At
 * the end of the streams it wraps to their start (`wrapped: true`, `epoch` + 1).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { BatchStream } from "./batches.ts";
 * const stream = new BatchStream(Int32Array.from({ length: 20 }, (_, i) => i), 2, 3);
 * const first = stream.next();
 * assert(first.inputs.join() === "0,1,2,10,11,12");
 * assert(first.targets.join() === "1,2,3,11,12,13");
 * assert(stream.next().inputs.join() === "3,4,5,13,14,15");
 * assert(!stream.next().wrapped); // the last of the 3 steps that fit in streams of 10
 * assert(stream.next().wrapped); // the fourth starts over
 * ```
 */
export class BatchStream {
  readonly batch: number;
  readonly seqLen: number;
  /** Ids per stream (the tail of the split that does not fill a stream is unused). */
  readonly streamLength: number;
  /** Batches per pass over the streams. */
  readonly stepsPerEpoch: number;
  readonly #ids: Int32Array;
  #position = 0;

  constructor(
    ids: Int32Array,
    batch: number,
    seqLen: number,
    source: BatchSource = { corpus: "corpus", split: "train" },
  ) {
    requireEnough(ids, batch, seqLen, source);
    this.#ids = ids;
    this.batch = batch;
    this.seqLen = seqLen;
    this.streamLength = Math.floor(ids.length / batch);
    this.stepsPerEpoch = Math.floor((this.streamLength - 1) / seqLen);
  }

  /** Batches served so far (save it in a checkpoint; restore with {@link setPosition}). */
  get position(): number {
    return this.#position;
  }

  /** Continues from `position` batches served, as saved from {@link position}. */
  setPosition(position: number): void {
    if (!Number.isSafeInteger(position) || position < 0) {
      throw new RangeError(`position must be a non-negative integer, got ${position}`);
    }
    this.#position = position;
  }

  /** The next `seqLen` characters of each stream. */
  next(): Batch {
    const step = this.#position % this.stepsPerEpoch;
    const epoch = Math.floor(this.#position / this.stepsPerEpoch);
    const wrapped = this.#position > 0 && step === 0;
    this.#position++;
    return {
      ...cut(this.#ids, this.batch, this.seqLen, this.streamLength, step),
      epoch,
      step,
      wrapped,
    };
  }
}

/**
 * Deterministic evaluation batches over a val/test split: the first `min(maxBatches, steps per
 * pass)` batches of a fresh {@link BatchStream}, consecutive so the state can be carried across.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { evalBatches } from "./batches.ts";
 * const batches = evalBatches(Int32Array.from({ length: 20 }, (_, i) => i), 2, 3, 8);
 * assert(batches.length === 3 && batches[1].inputs.join() === "3,4,5,13,14,15");
 * ```
 */
export function evalBatches(
  ids: Int32Array,
  batch: number,
  seqLen: number,
  maxBatches: number,
  source: BatchSource = { corpus: "corpus", split: "val" },
): Batch[] {
  if (!(maxBatches >= 1)) throw new RangeError(`maxBatches must be ≥ 1, got ${maxBatches}`);
  const stream = new BatchStream(ids, batch, seqLen, source);
  const count = Math.min(Math.floor(maxBatches), stream.stepsPerEpoch);
  return Array.from({ length: count }, () => stream.next());
}

function requireEnough(ids: Int32Array, batch: number, seqLen: number, source: BatchSource): void {
  for (const [name, value] of [["batch", batch], ["seqLen", seqLen]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  const minimum = minimumChars(batch, seqLen);
  if (ids.length < minimum) {
    throw new InputError(
      source.where ?? `corpus "${source.corpus}"`,
      `its ${source.split} split has ${ids.length} characters, fewer than the ${minimum} that ` +
        `training.batch ${batch} × (training.seqLen ${seqLen} + 1) needs`,
      "lower training.batch or training.seqLen, or use a larger corpus",
    );
  }
}

function cut(
  ids: Int32Array,
  batch: number,
  seqLen: number,
  streamLength: number,
  step: number,
): { inputs: Int32Array; targets: Int32Array } {
  const inputs = new Int32Array(batch * seqLen);
  const targets = new Int32Array(batch * seqLen);
  for (let row = 0; row < batch; row++) {
    const start = row * streamLength + step * seqLen;
    inputs.set(ids.subarray(start, start + seqLen), row * seqLen);
    targets.set(ids.subarray(start + 1, start + seqLen + 1), row * seqLen);
  }
  return { inputs, targets };
}
