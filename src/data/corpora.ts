import { InputError } from "../errors.ts";
import { nearest } from "../_nearest.ts";
import { mobyDick } from "./corpora/moby_dick.ts";
import { sonnet116 } from "./corpora/sonnet_116.ts";
import { sotu } from "./corpora/sotu.ts";
import { sqliteC } from "./corpora/sqlite_c.ts";

/** A built-in text corpus: a stable id, a one-line description, and how to read its text. */
export interface CorpusSource {
  id: string;
  description: string;
  load(): Promise<string>;
}

/** Built-in corpora by id. Adding one: a file in `corpora/` plus one line here. */
export const CORPORA: Record<string, CorpusSource> = {
  [mobyDick.id]: mobyDick,
  [sotu.id]: sotu,
  [sqliteC.id]: sqliteC,
  [sonnet116.id]: sonnet116,
};

/** The corpus used when an experiment names none. */
export const DEFAULT_CORPUS_ID = "moby-dick";

/** Which corpus to read: a built-in `id` or a UTF-8 text file `path`, exactly one of them. */
export interface CorpusSpec {
  id?: string;
  path?: string;
}

/** A loaded corpus: `id` is the built-in id, or the file path as given. */
export interface Corpus {
  id: string;
  text: string;
}

/**
 * Reads a built-in corpus or a UTF-8 text file (relative paths resolve against the current
 * directory). Bad input throws InputError; `where` names the corpus object in messages (e.g.
 * `"experiments/x.jsonc: corpus"` gives `experiments/x.jsonc: corpus.id: unknown corpus …`).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { loadCorpus } from "./corpora.ts";
 * const { id, text } = await loadCorpus({ id: "sonnet-116" }, "corpus");
 * assert(id === "sonnet-116" && text.startsWith("Let me not to the marriage"));
 * ```
 */
export async function loadCorpus(spec: CorpusSpec, where = "corpus"): Promise<Corpus> {
  const hasId = spec.id !== undefined;
  const hasPath = spec.path !== undefined;
  const ids = Object.keys(CORPORA);
  if (hasId && hasPath) {
    throw new InputError(
      where,
      'sets both "id" and "path"',
      `keep one: "id" for a built-in (${ids.join(", ")}) or "path" for a UTF-8 text file`,
    );
  }
  if (!hasId && !hasPath) {
    throw new InputError(
      where,
      'needs "id" or "path"',
      `set "id" to a built-in (${ids.join(", ")}) or "path" to a UTF-8 text file`,
    );
  }
  if (hasId) {
    const id = spec.id!;
    const source = Object.hasOwn(CORPORA, id) ? CORPORA[id] : undefined;
    if (!source) {
      const guess = typeof id === "string"
        ? nearest(id, ids, { share: 1 / 2, normalise: (s) => s.replace(/[_\s]/g, "-") })
        : undefined;
      throw new InputError(
        `${where}.id`,
        `unknown corpus ${JSON.stringify(id)}`,
        `${guess ? `did you mean "${guess}"? ` : ""}available: ${ids.join(", ")}; ` +
          `or set "path" to a UTF-8 text file instead`,
      );
    }
    return { id, text: await source.load() };
  }
  return { id: spec.path!, text: await readUtf8File(spec.path!, `${where}.path`) };
}

async function readUtf8File(path: string, where: string): Promise<string> {
  if (typeof path !== "string" || path.trim() === "") {
    throw new InputError(where, "is empty", "set it to the path of a UTF-8 text file");
  }
  let bytes: Uint8Array;
  try {
    if ((await Deno.stat(path)).isDirectory) {
      throw new InputError(where, `"${path}" is a directory`, "give the path of a UTF-8 text file");
    }
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof Deno.errors.NotFound) {
      throw new InputError(
        where,
        `file "${path}" not found (relative to ${Deno.cwd()})`,
        'check the path, or use a built-in corpus via "id"',
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError(
      where,
      `cannot read "${path}" (${reason})`,
      "check the file's permissions",
    );
  }
  if (bytes.length === 0) {
    throw new InputError(where, `file "${path}" is empty`, "give a file with some text in it");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(
      where,
      `file "${path}" is not valid UTF-8 (bad byte at offset ${firstInvalidUtf8Byte(bytes)})`,
      "convert it to UTF-8, e.g. iconv -f latin1 -t utf-8 in.txt > out.txt",
    );
  }
  if (text.length === 0) {
    throw new InputError(where, `file "${path}" is empty`, "give a file with some text in it");
  }
  return text;
}

/** Offset of the first byte of the first invalid UTF-8 sequence (for the error message). */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  const decodes = (length: number, stream: boolean) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, length), { stream });
      return true;
    } catch {
      return false;
    }
  };
  // In streaming mode an unfinished sequence at the end is not an error, so "this prefix decodes"
  // is monotone in the prefix length and can be binary-searched.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (decodes(mid, true)) low = mid;
    else high = mid - 1;
  }
  // The offending sequence starts at most 3 bytes earlier: after the last complete character.
  let start = low;
  while (start > 0 && start > low - 3 && !decodes(start, false)) start--;
  return start;
}
