/**
 * Task `charlm`: character-level language modelling on a text corpus.
 * @module
 */
import { z } from "zod";
import { evaluationSchema } from "../common.ts";

/** `corpus`: a built-in id or a UTF-8 file path, and the contiguous split fractions. */
export const corpusSchema = z.strictObject({
  id: z.string().min(1).optional().describe("Built-in corpus id, e.g. moby-dick, sonnet-116."),
  path: z.string().min(1).optional().describe("Path to a UTF-8 text file."),
  unknown: z.enum(["own-id", "first-symbol"]).default("own-id").describe(
    "Characters unseen in the training split: own-id = one extra id (and head output) for all of them; first-symbol = map them to the vocabulary's first character, as the PyTorch peer does.",
  ),
  split: z.tuple([z.number().min(0), z.number().min(0), z.number().min(0)])
    .default([0.9, 0.05, 0.05])
    .describe("Train / validation / test fractions (contiguous, in that order; sum 1)."),
}).superRefine((corpus, ctx) => {
  if (corpus.id !== undefined && corpus.path !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: "has both id and path",
      params: { fix: "keep only one: a built-in id or a file path" },
    });
  }
  const [train, val] = corpus.split;
  const sum = corpus.split.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6 || train <= 0 || val <= 0) {
    ctx.addIssue({
      code: "custom",
      path: ["split"],
      message: `must be three fractions summing to 1 with train and validation > 0, got ${
        JSON.stringify(corpus.split)
      }`,
      params: { fix: "e.g. [0.9, 0.05, 0.05]" },
    });
  }
}).transform((corpus) =>
  corpus.id === undefined && corpus.path === undefined ? { ...corpus, id: "moby-dick" } : corpus
).describe("Text corpus: { id } or { path }; default moby-dick.");

/** `sampling`: text generated at every sample interval. */
export const samplingSchema = z.strictObject({
  length: z.int().min(1).default(200).describe("Characters per sample."),
  temperature: z.number().gt(0).default(0.8),
  prime: z.string().default("The ").describe("Priming text fed before sampling."),
});

/** `state`: the hidden state carried across consecutive training batches (truncated BPTT). */
export const stateSchema = z.strictObject({
  resetOnWrap: z.boolean().default(true).describe(
    "Zero the carried state when the batch stream wraps to the start of the training split (as the PyTorch peer does); false carries it across the seam.",
  ),
}).describe("Carried hidden state of training.");

/** `baselines`: models without a recurrent network that every run is compared with. */
export const textBaselinesSchema = z.strictObject({
  ngram: z.strictObject({
    order: z.int().min(0).max(12).default(5).describe(
      "Longest n-gram of the interpolated Kneser–Ney character model fit on the training split (whole-split val/test bpc, once per corpus); 0 = no n-gram baseline.",
    ),
  }).prefault({}),
}).describe("Text baselines.");

/** `evaluation` of a text run: the common keys, and how much of each split the scored pass covers. */
export const textEvaluationSchema = evaluationSchema.extend({
  batches: z.int().min(0).default(0).describe(
    "Batches of each split the scored evaluation covers: the first N of the validation split and the first N of the test split; 0 = the whole splits. Only for short runs (e.g. --quick), where scoring whole splits would cost more than training.",
  ),
}).describe("How a run is evaluated and scored.");

/** The keys `charlm` adds to the common ones (and `evaluation`, which it extends). */
export const charlmShape = {
  task: z.literal("charlm").default("charlm"),
  evaluation: textEvaluationSchema.prefault({}),
  corpus: corpusSchema.prefault({}),
  sampling: samplingSchema.prefault({}),
  state: stateSchema.prefault({}),
  baselines: textBaselinesSchema.prefault({}),
};
