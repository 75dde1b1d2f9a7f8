/**
 * Registry of sequence implementations behind the Cell seam (see `cell.ts`).
 * @module
 */
import type { SequenceFn } from "./cell.ts";
import { referenceSequence } from "./reference/mod.ts";
import { fusedSequence } from "./fused/mod.ts";

/** Implementations by name: `reference` (op-by-op autodiff) and `fused` (hand-written BPTT). */
export const SEQUENCE_IMPLEMENTATIONS: Readonly<Record<"reference" | "fused", SequenceFn>> = {
  reference: referenceSequence,
  fused: fusedSequence,
};

/** One of the keys of {@link SEQUENCE_IMPLEMENTATIONS}. */
export type Implementation = keyof typeof SEQUENCE_IMPLEMENTATIONS;
