import { InputError } from "../errors.ts";

/** Id that characters not seen in the training text encode to (in either {@link UnknownChars}). */
export const UNK_ID = 0;

/**
 * What characters unseen in training become: `own-id`, a placeholder id 0 of their own (one more
 * head output); `first-symbol`, the first (lowest) training character's id 0, as the PyTorch peer
 * maps them (`idx.get(c, 0)`).
 */
export const UNKNOWN_CHARS = ["own-id", "first-symbol"] as const;
/** One of {@link UNKNOWN_CHARS}. */
export type UnknownChars = typeof UNKNOWN_CHARS[number];

/** What an unknown id decodes to (U+FFFD REPLACEMENT CHARACTER). */
export const UNK_CHAR = "\uFFFD";

/**
 * Serialised vocabulary for checkpoints: `chars[i]` has id `i + 1` (id 0 is unknown), or id `i`
 * with `unknown: "first-symbol"`.
 */
export interface VocabJSON {
  version: 1;
  chars: string[];
  /** Absent for `own-id` (checkpoints from before the choice existed). */
  unknown?: "first-symbol";
}

/**
 * Character vocabulary (Unicode code points), built from the training split only: its sorted
 * unique characters get ids 1…n, and id 0 ({@link UNK_ID}) stands for any other character; with
 * `"first-symbol"` they get ids 0…n − 1 and any other character shares id 0 with the first.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { Vocab } from "./vocab.ts";
 * const vocab = Vocab.fromText("abba");
 * assert(vocab.size === 3); // unknown, "a", "b"
 * assert(vocab.encode("abc").join() === "1,2,0");
 * assert(vocab.decode(vocab.encode("ab")) === "ab");
 * const peer = Vocab.fromText("abba", "first-symbol");
 * assert(peer.size === 2 && peer.encode("abc").join() === "0,1,0");
 * ```
 */
export class Vocab {
  /** Characters by id; with `own-id`, index 0 is the unknown placeholder {@link UNK_CHAR}. */
  readonly chars: readonly string[];
  /** What unseen characters become. */
  readonly unknown: UnknownChars;
  /** Ids of BMP characters by UTF-16 code unit (0 = unknown). */
  readonly #bmp = new Int32Array(0x10000);
  /** Ids of characters outside the BMP by code point. */
  readonly #astral = new Map<number, number>();

  private constructor(chars: readonly string[], unknown: UnknownChars) {
    const first = unknown === "own-id" ? 1 : 0;
    this.unknown = unknown;
    this.chars = unknown === "own-id" ? [UNK_CHAR, ...chars] : [...chars];
    chars.forEach((char, index) => {
      const codePoint = char.codePointAt(0)!;
      if (codePoint < 0x10000) this.#bmp[codePoint] = index + first;
      else this.#astral.set(codePoint, index + first);
    });
  }

  /**
   * Builds the vocabulary of `trainingText`: its unique characters sorted by code point; unseen
   * characters as `unknown` says (default `own-id`).
   */
  static fromText(trainingText: string, unknown: UnknownChars = "own-id"): Vocab {
    const seen = new Set<number>();
    forEachCodePoint(trainingText, (codePoint) => seen.add(codePoint));
    const sorted = [...seen].sort((a, b) => a - b);
    if (sorted.length === 0 && unknown === "first-symbol") {
      throw new RangeError("a first-symbol vocabulary needs at least one training character");
    }
    return new Vocab(sorted.map((codePoint) => String.fromCodePoint(codePoint)), unknown);
  }

  /** Restores a vocabulary saved by {@link Vocab.toJSON}; `where` names the source in errors. */
  static fromJSON(json: unknown, where = "checkpoint: vocab"): Vocab {
    const value = json as Partial<VocabJSON> | null;
    const fix = "use a vocab saved by Vocab.toJSON() (a checkpoint from this version of rnnlab)";
    if (value?.version !== 1 || !Array.isArray(value.chars)) {
      throw new InputError(where, "is not a version-1 vocabulary {version: 1, chars: [...]}", fix);
    }
    if (value.unknown !== undefined && value.unknown !== "first-symbol") {
      throw new InputError(where, `unknown is ${JSON.stringify(value.unknown)}`, fix);
    }
    const chars = value.chars;
    for (let i = 0; i < chars.length; i++) {
      const char = chars[i];
      const isOneCodePoint = typeof char === "string" && char.length > 0 &&
        String.fromCodePoint(char.codePointAt(0)!) === char;
      if (!isOneCodePoint || (i > 0 && char.codePointAt(0)! <= chars[i - 1].codePointAt(0)!)) {
        throw new InputError(
          where,
          `chars[${i}] is ${JSON.stringify(char)}: chars must be single characters, sorted, unique`,
          fix,
        );
      }
    }
    return new Vocab(chars, value.unknown ?? "own-id");
  }

  /** Number of ids (with `own-id`, including the unknown id 0). */
  get size(): number {
    return this.chars.length;
  }

  /** Id of one character, or {@link UNK_ID} when it is not in the vocabulary. */
  idOf(char: string): number {
    return this.encode(char)[0] ?? UNK_ID;
  }

  /** Ids of the characters of `text`, one per code point; unseen characters give {@link UNK_ID}. */
  encode(text: string): Int32Array {
    const ids = new Int32Array(text.length);
    let count = 0;
    forEachCodePoint(text, (codePoint) => {
      ids[count++] = codePoint < 0x10000
        ? this.#bmp[codePoint]
        : this.#astral.get(codePoint) ?? UNK_ID;
    });
    return count === ids.length ? ids : ids.slice(0, count);
  }

  /**
   * Text of `ids`; with `own-id`, {@link UNK_ID} decodes to {@link UNK_CHAR}. Throws RangeError on a
   * bad id.
   */
  decode(ids: ArrayLike<number>): string {
    const parts = new Array<string>(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const char = this.chars[ids[i]];
      if (char === undefined) {
        throw new RangeError(`id ${ids[i]} is outside the vocabulary (size ${this.size})`);
      }
      parts[i] = char;
    }
    return parts.join("");
  }

  /** Serialisable form for checkpoints. */
  toJSON(): VocabJSON {
    return this.unknown === "own-id"
      ? { version: 1, chars: this.chars.slice(1) }
      : { version: 1, chars: [...this.chars], unknown: "first-symbol" };
  }
}

/** Calls `visit` with each code point of `text` (a lone surrogate is passed as itself). */
function forEachCodePoint(text: string, visit: (codePoint: number) => void): void {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        visit(((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    visit(unit);
  }
}
