/**
 * Text data for character language models: built-in corpora and file loading, contiguous
 * train/val/test splits, the character vocabulary, and truncated-BPTT batch streams.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { BatchStream, loadCorpus, splitText, Vocab } from "./mod.ts";
 * const { text } = await loadCorpus({ id: "sonnet-116" });
 * const split = splitText(text, [0.8, 0.1, 0.1]);
 * const vocab = Vocab.fromText(split.train);
 * const batch = new BatchStream(vocab.encode(split.train), 4, 16).next();
 * assert(batch.inputs.length === 4 * 16);
 * ```
 *
 * @module
 */
export {
  CORPORA,
  type Corpus,
  type CorpusSource,
  type CorpusSpec,
  DEFAULT_CORPUS_ID,
  loadCorpus,
} from "./corpora.ts";
export {
  DEFAULT_SPLIT,
  type SplitFractions,
  splitText,
  type TextSplit,
  validateSplit,
} from "./split.ts";
export { UNK_CHAR, UNK_ID, Vocab, type VocabJSON } from "./vocab.ts";
export { type Batch, type BatchSource, BatchStream, evalBatches, minimumChars } from "./batches.ts";
