/**
 * "Did you mean …?" for bad names anywhere (config keys, corpus ids, …).
 * @module
 */

/**
 * Levenshtein distance, case-insensitive (insertions, deletions, substitutions cost 1).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { editDistance } from "./_nearest.ts";
 * assert(editDistance("hiden", "Hidden") === 1);
 * ```
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const substitution = previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[t.length];
}

/**
 * The candidate nearest to `word`, or undefined when even the nearest differs in more than
 * `share` of its characters (at least 2 edits are always allowed). `normalise` maps both sides
 * first (e.g. `_` → `-` for ids).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { nearest } from "./_nearest.ts";
 * assert(nearest("moby_dick", ["moby-dick", "sotu"], { normalise: (s) => s.replace(/_/g, "-") }) === "moby-dick");
 * assert(nearest("zzzzzz", ["moby-dick"]) === undefined);
 * ```
 */
export function nearest(
  word: string,
  candidates: readonly string[],
  options: { share?: number; normalise?: (s: string) => string } = {},
): string | undefined {
  const { share = 1 / 3, normalise = (s: string) => s } = options;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(normalise(word), normalise(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.ceil(word.length * share)) ? best : undefined;
}
