/**
 * The child links of the n-gram trie (`ngram.ts`): node of (parent node, id), in an
 * open-addressing hash table on one typed array: what a `Map` keyed by `parent · vocabSize + id`
 * does, several times faster on the millions of n-grams of a large corpus.
 * @module
 */

/** Int32s per slot: parent, id, node + 1 (0 = empty slot). */
const WIDTH = 3;

/** Node of each (parent, id) pair; nodes are whole numbers ≥ 0. */
export class NodeIndex {
  private slots: Int32Array;
  private mask: number;
  /** Number of pairs stored. */
  size = 0;

  constructor(capacity = 1024) {
    let count = 16;
    while (count < capacity * 2) count *= 2;
    this.slots = new Int32Array(count * WIDTH);
    this.mask = count - 1;
  }

  /**
   * The node of (`parent`, `id`), or −1 when there is none.
   *
   * @example
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { NodeIndex } from "./_node_index.ts";
   * const index = new NodeIndex();
   * index.set(0, 3, 1);
   * assertEquals([index.get(0, 3), index.get(3, 0), index.size], [1, -1, 1]);
   * ```
   */
  get(parent: number, id: number): number {
    const { slots, mask } = this;
    for (let slot = hash(parent, id) & mask;; slot = (slot + 1) & mask) {
      const at = slot * WIDTH;
      const stored = slots[at + 2];
      if (stored === 0) return -1;
      if (slots[at] === parent && slots[at + 1] === id) return stored - 1;
    }
  }

  /** Store `node` for (`parent`, `id`), which must not be stored yet. */
  set(parent: number, id: number, node: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.place(parent, id, node + 1);
    this.size++;
  }

  private place(parent: number, id: number, stored: number): void {
    const { slots, mask } = this;
    let slot = hash(parent, id) & mask;
    while (slots[slot * WIDTH + 2] !== 0) slot = (slot + 1) & mask;
    const at = slot * WIDTH;
    slots[at] = parent;
    slots[at + 1] = id;
    slots[at + 2] = stored;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let at = 0; at < old.length; at += WIDTH) {
      if (old[at + 2] !== 0) this.place(old[at], old[at + 1], old[at + 2]);
    }
  }
}

/** A 32-bit mix of the pair (murmur3's finaliser over a multiplicative combination). */
function hash(parent: number, id: number): number {
  let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(id + 1, 0x85ebca77);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h;
}
