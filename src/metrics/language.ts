/**
 * Language-model units: a loss in nats per character, as bits per character and perplexity.
 * @module
 */

/**
 * Bits per character from nats per character.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { bitsPerChar } from "./language.ts";
 * assert(Math.abs(bitsPerChar(Math.LN2) - 1) < 1e-12);
 * ```
 */
export function bitsPerChar(nats: number): number {
  return nats / Math.LN2;
}

/**
 * Perplexity from nats per character.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { perplexity } from "./language.ts";
 * assert(Math.abs(perplexity(Math.log(65)) - 65) < 1e-9);
 * ```
 */
export function perplexity(nats: number): number {
  return Math.exp(nats);
}
