/**
 * Interpolated Kneser–Ney character n-gram model (Chen & Goodman 1999, §3), the text baseline: a
 * recurrent language model that does not beat it has learnt little beyond the last few characters.
 *
 * Every n-gram seen in training is a node of a trie (ids, not strings). The highest order counts
 * occurrences; lower orders count continuations (how many distinct characters precede the n-gram),
 * each order with one absolute discount D = n₁ / (n₁ + 2 n₂) from its counts of counts. Below the
 * unigrams sits the uniform distribution over the vocabulary, so every id, even one never seen in
 * training, has a probability above zero.
 * @module
 */
import { NodeIndex } from "./_node_index.ts";

/** A fitted model: {@link fitNgram}; score text with {@link ngramBitsPerChar}. */
export interface NgramModel {
  /** n: the longest n-gram (context of n − 1 characters). */
  order: number;
  /** Ids run over 0 … vocabSize − 1. */
  vocabSize: number;
  /** Discount of each order (index m − 1 for m-grams). */
  discounts: number[];
  /** Child node of (parent node, id), −1 for none (the root, the empty context, is node 0). */
  readonly children: NodeIndex;
  /** Count of each node as its order uses it: occurrences at order n, continuations below. */
  readonly counts: Float64Array;
  /** Σ of the counts of a node's children. */
  readonly childTotals: Float64Array;
  /** Number of a node's children with a count above 0. */
  readonly childTypes: Float64Array;
}

/**
 * Fit an interpolated Kneser–Ney model of `order` on the ids of a training text.
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * import { fitNgram, ngramProbability } from "./ngram.ts";
 * const model = fitNgram(Int32Array.of(0, 1, 0, 1, 0, 1), 3, 2);
 * const p = [0, 1, 2].map((id) => ngramProbability(model, [0], id));
 * assertAlmostEquals(p[0] + p[1] + p[2], 1, 1e-12); // a distribution over the vocabulary
 * ```
 */
export function fitNgram(ids: Int32Array, vocabSize: number, order: number): NgramModel {
  if (!Number.isInteger(order) || order < 1) {
    throw new RangeError(`order must be an integer ≥ 1, got ${order}`);
  }
  if (!Number.isInteger(vocabSize) || vocabSize < 1) {
    throw new RangeError(`vocabSize must be an integer ≥ 1, got ${vocabSize}`);
  }
  const children = new NodeIndex();
  // Node arrays grow by doubling; node 0 is the root.
  let capacity = 1024;
  let depth = new Int32Array(capacity);
  let occurrences = new Float64Array(capacity);
  let continuations = new Float64Array(capacity);
  let parents = new Int32Array(capacity);
  let nodes = 1;
  const widen = <T extends Int32Array | Float64Array>(array: T): T => {
    const wider = new (array.constructor as new (length: number) => T)(capacity);
    wider.set(array);
    return wider;
  };
  const grow = () => {
    capacity *= 2;
    depth = widen(depth);
    occurrences = widen(occurrences);
    continuations = widen(continuations);
    parents = widen(parents);
  };
  // ends[k]: node of the k-gram ending at the previous position (ends[0] is the root).
  let ends = new Int32Array(order);
  let next = new Int32Array(order);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < vocabSize)) {
      throw new RangeError(`id ${id} at ${i} is outside the vocabulary of ${vocabSize}`);
    }
    next[0] = 0;
    const longest = Math.min(order, i + 1);
    for (let k = 1; k <= longest; k++) {
      const parent = ends[k - 1];
      let node = children.get(parent, id);
      if (node < 0) {
        if (nodes === capacity) grow();
        node = nodes++;
        children.set(parent, id, node);
        depth[node] = k;
        parents[node] = parent;
        // A new k-gram x·g adds one distinct left neighbour to g, the (k − 1)-gram ending here.
        if (k > 1) continuations[next[k - 1]]++;
      }
      occurrences[node]++;
      if (k < order) next[k] = node;
    }
    [ends, next] = [next, ends];
  }
  const counts = new Float64Array(nodes);
  const childTotals = new Float64Array(nodes);
  const childTypes = new Float64Array(nodes);
  const countsOfCounts = Array.from({ length: order }, () => [0, 0]);
  for (let node = 1; node < nodes; node++) {
    const m = depth[node];
    const count = m === order ? occurrences[node] : continuations[node];
    counts[node] = count;
    if (count > 0) {
      childTotals[parents[node]] += count;
      childTypes[parents[node]]++;
    }
    if (count === 1 || count === 2) countsOfCounts[m - 1][count - 1]++;
  }
  const discounts = countsOfCounts.map(([n1, n2]) => n1 > 0 ? n1 / (n1 + 2 * n2) : 0.5);
  return { order, vocabSize, discounts, children, counts, childTotals, childTypes };
}

/**
 * P(id | history) under `model`; `history` holds the preceding ids, oldest first (only the last
 * order − 1 count).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { fitNgram, ngramProbability } from "./ngram.ts";
 * const model = fitNgram(Int32Array.of(0, 1, 0, 1, 0, 1), 3, 2);
 * assert(ngramProbability(model, [0], 1) > ngramProbability(model, [0], 0));
 * ```
 */
export function ngramProbability(
  model: NgramModel,
  history: ArrayLike<number>,
  id: number,
): number {
  const contexts: (number | undefined)[] = [0];
  for (let k = 1; k < model.order && k <= history.length; k++) {
    let node = 0;
    for (let i = history.length - k; i < history.length && node >= 0; i++) {
      node = model.children.get(node, history[i]);
    }
    contexts.push(node < 0 ? undefined : node);
  }
  return probability(model, contexts, id);
}

/**
 * P(id | contexts), where `contexts[k]` is the node of the last k ids (undefined when unseen):
 * from the uniform distribution up through each seen context, each order interpolated on the one
 * below.
 */
function probability(model: NgramModel, contexts: (number | undefined)[], id: number): number {
  const { vocabSize, children, counts, childTotals, childTypes, discounts } = model;
  let p = 1 / vocabSize;
  for (let m = 1; m <= contexts.length; m++) {
    const context = contexts[m - 1];
    if (context === undefined) break;
    const total = childTotals[context];
    if (total === 0) continue;
    const node = children.get(context, id);
    const count = node < 0 ? 0 : counts[node];
    const d = discounts[m - 1];
    p = Math.max(count - d, 0) / total + (d * childTypes[context] / total) * p;
  }
  return p;
}

/**
 * Bits per character of `ids` under `model`: the mean of −log₂ P(id | up to order − 1 preceding
 * ids of the same text), over every id but the first (which has no history, as a recurrent model
 * sees none either).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { fitNgram, ngramBitsPerChar } from "./ngram.ts";
 * const text = Int32Array.from({ length: 300 }, (_, i) => i % 3);
 * const model = fitNgram(text, 4, 3);
 * assert(ngramBitsPerChar(model, text.subarray(0, 30)) < 0.5); // a cycle is easy to predict
 * ```
 */
export function ngramBitsPerChar(model: NgramModel, ids: Int32Array): number {
  if (ids.length < 2) throw new RangeError("need at least 2 ids to score");
  const { order, children } = model;
  // contexts[k]: node of the k ids before the current position (undefined: never seen).
  const contexts: (number | undefined)[] = [0];
  let bits = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (i > 0) bits -= Math.log2(probability(model, contexts, id));
    // Shift: the contexts for position i + 1 end with id.
    for (let k = Math.min(order - 1, i + 1); k >= 1; k--) {
      const shorter = contexts[k - 1];
      const node = shorter === undefined ? -1 : children.get(shorter, id);
      contexts[k] = node < 0 ? undefined : node;
    }
  }
  return bits / (ids.length - 1);
}
