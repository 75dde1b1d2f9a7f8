/**
 * Richer gradient and state statistics at eval steps: gradient norms per parameter group (input
 * weights, recurrent weights, cell biases, embedding, head), and for a probe batch the share of
 * saturated sigmoid gates per gate, the mean forget-gate activation and the hidden-state norm.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../backend/read.ts";
import type { RecurrentModel } from "../models/model.ts";
import { projectInputs, referenceStep, zeroState } from "../models/reference/mod.ts";
import { cellOf } from "../models/cells/mod.ts";
import { inputSequence } from "./grad_flow.ts";

/** Parameter groups, in report order. */
export const PARAM_GROUPS = ["embedding", "input", "recurrent", "bias", "head"] as const;
/** One of {@link PARAM_GROUPS}. */
export type ParamGroup = typeof PARAM_GROUPS[number];

/** A sigmoid gate counts as saturated below this or above 1 − this. */
export const SATURATION = 0.05;

/**
 * The group of a task variable name: `embedding`; `layerN/wx` input; `layerN/wh` recurrent;
 * `layerN/bx`, `layerN/bh` bias; `head/*` head. Unknown names: undefined.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { groupOf } from "./gradients.ts";
 * assert(groupOf("layer1/wh") === "recurrent" && groupOf("head/b") === "head");
 * ```
 */
export function groupOf(name: string): ParamGroup | undefined {
  if (name === "embedding") return "embedding";
  if (name.startsWith("head/")) return "head";
  const key = /^layer\d+\/(\w+)$/.exec(name)?.[1];
  if (key === "wx") return "input";
  if (key === "wh") return "recurrent";
  if (key === "bx" || key === "bh") return "bias";
  return undefined;
}

/**
 * Per-variable gradient norms aggregated to per-group norms, √(Σ‖g_v‖²) over a group's variables;
 * groups the model lacks (a model without embedding) are left out.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { groupGradNorms } from "./gradients.ts";
 * const groups = groupGradNorms({ "layer0/bx": 3, "layer0/bh": 4, "head/w": 1 });
 * assert(groups.bias === 5 && groups.head === 1 && !("embedding" in groups));
 * ```
 */
export function groupGradNorms(norms: Record<string, number>): Partial<Record<ParamGroup, number>> {
  const squares: Partial<Record<ParamGroup, number>> = {};
  for (const [name, norm] of Object.entries(norms)) {
    const group = groupOf(name);
    if (group) squares[group] = (squares[group] ?? 0) + norm * norm;
  }
  const out: Partial<Record<ParamGroup, number>> = {};
  for (const group of PARAM_GROUPS) {
    if (squares[group] !== undefined) out[group] = Math.sqrt(squares[group]!);
  }
  return out;
}

/** One layer's gate and state statistics on a probe batch. */
export interface GateStats {
  layer: number;
  /**
   * Share of activations with σ < 0.05 or σ > 0.95, per sigmoid gate the cell's probes name
   * (lstm i, f, o; gru r, z).
   */
  saturated: Record<string, number>;
  /**
   * Mean activation of the gate the cell names as keeping the old state: lstm σ(f); gru z (its
   * counterpart of a forget gate); null for cells without one (rnn).
   */
  forgetMean: number | null;
  /** Mean over steps and examples of ‖h_t‖. */
  hiddenNorm: number;
}

/**
 * Gate saturation, mean forget gate and hidden-state norm of every layer on one batch from a zero
 * state (the cell's reference step on the model's weights, dropout off). `inputs` as the model's
 * forward.
 */
export async function gateStatistics(
  model: RecurrentModel,
  inputs: tf.Tensor,
): Promise<GateStats[]> {
  const { cell, hidden } = model.spec;
  const { probes } = cellOf(cell);
  // The kept-state gate is read even when it does not saturate like a sigmoid (e.g. 1 − i).
  const gates = [...probes.saturating];
  const saturating = gates.length;
  if (probes.keep !== null && !gates.includes(probes.keep)) gates.push(probes.keep);
  const [steps, batch] = inputs.shape;
  const rows = await readValues(tf.tidy(() => {
    let xs = inputSequence(model, inputs);
    const perLayer: tf.Tensor1D[] = [];
    for (const weights of model.layers) {
      const projected = projectInputs(weights, xs);
      let state = zeroState(cell, batch, hidden);
      const hs: tf.Tensor2D[] = [];
      const saturated: tf.Tensor[][] = gates.map(() => []);
      const means: tf.Tensor[][] = gates.map(() => []);
      for (let t = 0; t < steps; t++) {
        const out = referenceStep(cellOf(cell), weights, projected[t], state);
        gates.forEach((name, g) => {
          const a = out.gates[name];
          const outside = tf.logicalOr(tf.less(a, SATURATION), tf.greater(a, 1 - SATURATION));
          saturated[g].push(tf.mean(tf.cast(outside, "float32")));
          means[g].push(tf.mean(a));
        });
        state = out.state;
        hs.push(state[0]);
      }
      xs = tf.stack(hs) as tf.Tensor3D;
      const hiddenNorm = tf.mean(tf.norm(xs, "euclidean", 2));
      // Row: [saturation per gate…, mean activation per gate…, hidden norm].
      perLayer.push(tf.stack([
        ...saturated.map((parts) => tf.mean(tf.stack(parts))),
        ...means.map((parts) => tf.mean(tf.stack(parts))),
        hiddenNorm,
      ]) as tf.Tensor1D);
    }
    return tf.stack(perLayer);
  }));
  const width = 2 * gates.length + 1;
  const keepIndex = probes.keep === null ? -1 : gates.indexOf(probes.keep);
  return model.layers.map((_, layer) => {
    const row = rows.subarray(layer * width, (layer + 1) * width);
    return {
      layer,
      saturated: Object.fromEntries(
        gates.slice(0, saturating).map((name, g) => [name, row[g]]),
      ),
      forgetMean: keepIndex >= 0 ? row[gates.length + keepIndex] : null,
      hiddenNorm: row[width - 1],
    };
  });
}
