/**
 * Tasks `adding` and `copy`: synthetic long-memory problems (see `src/tasks/synthetic/`). Inputs are
 * the task's own channels (`model.embedding` is unused); the head reads the last hidden state.
 * @module
 */
import { z } from "zod";

/**
 * Marker placements of the adding problem. Config sits below tasks, so the list lives here; the
 * owner (`src/tasks/synthetic/adding.ts`) guards at compile time that its list is the same.
 */
export const ADDING_MARKERS = ["halves", "early"] as const;
/** Variants of the copy problem; guarded in `src/tasks/synthetic/temporal_order.ts`. */
export const SEQUENCE_VARIANTS = ["temporal-order", "recall"] as const;

const lag = () =>
  z.int().min(2).max(10000).default(50).describe(
    "Sequence length T: the distance in steps the model must carry information across.",
  );
const probeLag = () =>
  z.int().min(0).optional().describe(
    "Gradient-flow probe: largest k of ‖∂L_T/∂h_{T−k}‖ (default T − 1).",
  );
const evalSize = () =>
  z.int().min(1).default(1000).describe(
    "Sequences in the fixed validation and test sets (each generated from its own seed).",
  );

/** `memory` of task `adding`. */
export const addingMemorySchema = z.strictObject({
  lag: lag(),
  markers: z.enum(ADDING_MARKERS).default("halves").describe(
    "halves: one marker in each half; early: first among the first 10 steps, second in the first half (Hochreiter & Schmidhuber 1997).",
  ),
  evalSize: evalSize(),
  probeLag: probeLag(),
}).describe("Adding problem: sum of the two marked values; solved at test MSE < 0.01.");

/** `memory` of task `copy`. */
export const copyMemorySchema = z.strictObject({
  lag: lag(),
  variant: z.enum(SEQUENCE_VARIANTS).default("temporal-order").describe(
    "temporal-order: classify the order of two relevant symbols X/Y (lag ≥ 10); recall: name the first symbol.",
  ),
  evalSize: evalSize(),
  probeLag: probeLag(),
}).superRefine((memory, ctx) => {
  if (memory.variant === "temporal-order" && memory.lag < 10) {
    ctx.addIssue({
      code: "custom",
      path: ["lag"],
      message: `temporal order needs lag ≥ 10, got ${memory.lag}`,
      params: { fix: "use a lag of 10 or more, or variant recall" },
    });
  }
}).describe("Classification memory task; solved at test accuracy ≥ 99%.");

/** The keys `adding` adds to the common ones. */
export const addingShape = {
  task: z.literal("adding"),
  memory: addingMemorySchema.prefault({}),
};

/** The keys `copy` adds to the common ones. */
export const copyShape = {
  task: z.literal("copy"),
  memory: copyMemorySchema.prefault({}),
};
