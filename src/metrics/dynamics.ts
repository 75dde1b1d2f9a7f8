/**
 * The per-run recorder of gradient dynamics a task calls from `onEval`: the gradient-flow profile
 * (`grad_flow.ts`), gate and hidden-state statistics and per-group gradient norms
 * (`gradients.ts`), kept for the summary (`runs[].gradFlow`, `runs[].gates`, `runs[].gradGroups`).
 * @module
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { RecurrentModel } from "../models/model.ts";
import { type GradFlowEntry, gradientFlow, type LastLoss } from "./grad_flow.ts";
import { gateStatistics, type GateStats, groupGradNorms, type ParamGroup } from "./gradients.ts";

/** Gate statistics of one layer at one eval step. */
export type GateEntry = GateStats & { step: number };
/** Gradient norms per parameter group at one eval step. */
export type GradGroupEntry = { step: number } & Partial<Record<ParamGroup, number>>;

/** What a run adds to its summary entry. */
export interface DynamicsSummary {
  gradFlow: GradFlowEntry[];
  gates: GateEntry[];
  gradGroups: GradGroupEntry[];
}

/** Four significant digits: enough for plots and ratios, and keeps `summary.json` small. */
const round = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : x);

/** Records the dynamics of one model at each eval step. */
export class DynamicsRecorder {
  readonly gradFlow: GradFlowEntry[] = [];
  readonly gates: GateEntry[] = [];
  readonly gradGroups: GradGroupEntry[] = [];

  /** `maxLag`: the probe's K (default: the probe sequence's length − 1). */
  constructor(readonly model: RecurrentModel, readonly maxLag?: number) {}

  /**
   * Probe `inputs` (a fixed batch, time-major, zero initial state) with `lastLoss` at the last
   * position, aggregate `groupNorms` (the loop's per-variable norms of this step, if given), keep
   * the results and return them as eval-event fields.
   */
  async record(
    step: number,
    inputs: tf.Tensor,
    lastLoss: LastLoss,
    groupNorms?: Record<string, number>,
  ): Promise<Record<string, unknown>> {
    const flow = (await gradientFlow(this.model, inputs, lastLoss, this.maxLag)).map((p) => ({
      step,
      layer: p.layer,
      norms: p.norms.map(round),
      decayPerStep: p.decayPerStep === null ? null : Number(p.decayPerStep.toPrecision(6)),
    }));
    const gates = (await gateStatistics(this.model, inputs)).map((g) => ({
      step,
      layer: g.layer,
      saturated: Object.fromEntries(Object.entries(g.saturated).map(([k, v]) => [k, round(v)])),
      forgetMean: g.forgetMean === null ? null : round(g.forgetMean),
      hiddenNorm: round(g.hiddenNorm),
    }));
    this.gradFlow.push(...flow);
    this.gates.push(...gates);
    const fields: Record<string, unknown> = { gradFlow: flow, gates };
    if (groupNorms) {
      const groups = Object.entries(groupGradNorms(groupNorms)).map(([k, v]) => [k, round(v)]);
      const entry = { step, ...Object.fromEntries(groups) } as GradGroupEntry;
      this.gradGroups.push(entry);
      fields.gradGroups = entry;
    }
    return fields;
  }

  /** Everything recorded, for the run's summary entry. */
  summary(): DynamicsSummary {
    return { gradFlow: this.gradFlow, gates: this.gates, gradGroups: this.gradGroups };
  }
}
