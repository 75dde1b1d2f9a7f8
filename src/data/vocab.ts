import { InputError } from "../errors.ts";

/** Id of the unknown character: characters not seen in the training text encode to it. */
export const UNK_ID = 0;

/** What an unknown id decodes to (U+FFFD REPLACEMENT CHARACTER). */
export const UNK_CHAR = "\uFFFD";

/** Serialised vocabulary for checkpoints: `chars[i]` has id `i + 1` (id 0 is unknown). */
export interface VocabJSON {
  version: 1;
  chars: string[];
}

/**
 * Character vocabulary (Unicode code points), built from the training split only: its sorted
 * unique characters get ids 1…n, and id 0 ({@link UNK_ID}) stands for any other character.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { Vocab } from "./vocab.ts";
 * const vocab = Vocab.fromText("abba");
 * assert(vocab.size === 3); // unknown, "a", "b"
 * assert(vocab.encode("abc").join() === "1,2,0");
 * assert(vocab.decode(vocab.encode("ab")) === "ab");
 * ```
 */
export class Vocab {
  /** Characters by id; index 0 is the unknown placeholder {@link UNK_CHAR}. */
  readonly chars: readonly string[];
  /** Ids of BMP characters by UTF-16 code unit (0 = unknown). */
  readonly #bmp = new Int32Array(0x10000);
  /** Ids of characters outside the BMP by code point. */
  readonly #astral = new Map<number, number>();

  private constructor(chars: readonly string[]) {
    this.chars = [UNK_CHAR, ...chars];
    chars.forEach((char, index) => {
      const codePoint = char.codePointAt(0)!;
      if (codePoint < 0x10000) this.#bmp[codePoint] = index + 1;
      else this.#astral.set(codePoint, index + 1);
    });
  }

  /** Builds the vocabulary of `trainingText`: its unique characters sorted by code point. */
  static fromText(trainingText: string): Vocab {
    const seen = new Set<number>();
    forEachCodePoint(trainingText, (codePoint) => seen.add(codePoint));
    const sorted = [...seen].sort((a, b) => a - b);
    return new Vocab(sorted.map((codePoint) => String.fromCodePoint(codePoint)));
  }

  /** Restores a vocabulary saved by {@link Vocab.toJSON}; `where` names the source in errors. */
  static fromJSON(json: unknown, where = "checkpoint: vocab"): Vocab {
    const value = json as Partial<VocabJSON> | null;
    const fix = "use a vocab saved by Vocab.toJSON() (a checkpoint from this version of rnnlab)";
    if (value?.version !== 1 || !Array.isArray(value.chars)) {
      throw new InputError(where, "is not a version-1 vocabulary {version: 1, chars: [...]}", fix);
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
    return new Vocab(chars);
  }

  /** Number of ids, including the unknown id 0. */
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

  /** Text of `ids`; {@link UNK_ID} decodes to {@link UNK_CHAR}. Throws RangeError on a bad id. */
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
    return { version: 1, chars: this.chars.slice(1) };
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
