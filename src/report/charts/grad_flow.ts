/**
 * Gradient-flow profile: ‖∂L_T/∂h_{T−k}‖ vs distance k on a log scale, one line per run (and
 * layer), from each run's last probe. A straight line on a log scale is exponential decay; its
 * slope is the run's `decayPerStep`.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { GradFlowProfile, OutputFolder } from "../read.ts";
import type { Chart } from "./chart.ts";
import { baseSpec, num, PANEL, runColor } from "./_style.ts";

interface FlowPoint {
  run: string;
  layer: number;
  step: number;
  k: number;
  norm: number;
}

/** Each run's profiles at its last probed step (one per layer). */
export function lastProfiles(profiles: GradFlowProfile[] | undefined): GradFlowProfile[] {
  if (!profiles || profiles.length === 0) return [];
  const last = Math.max(...profiles.map((p) => p.step));
  return profiles.filter((p) => p.step === last).sort((a, b) => a.layer - b.layer);
}

/** Points of the last profiles of every run; zero norms are dropped (log scale). */
export function gradFlowData(out: OutputFolder): FlowPoint[] {
  const points: FlowPoint[] = [];
  for (const run of out.runs) {
    for (const p of lastProfiles(run.summary.gradFlow)) {
      p.norms.forEach((norm, k) => {
        if (num(norm) !== null && norm > 0) {
          points.push({ run: run.id, layer: p.layer, step: p.step, k, norm });
        }
      });
    }
  }
  return points;
}

function decaySubtitle(out: OutputFolder): string[] {
  const parts: string[] = [];
  for (const run of out.runs) {
    for (const p of lastProfiles(run.summary.gradFlow)) {
      const d = num(p.decayPerStep);
      if (d === null) continue;
      const layer = run.summary.layers && run.summary.layers > 1 ? ` L${p.layer}` : "";
      parts.push(`${run.id}${layer} ${d.toPrecision(3)} (×${Math.exp(d).toPrecision(3)}/step)`);
    }
  }
  if (parts.length === 0) return [];
  // Two runs a line keeps the chart narrow.
  const lines = ["fitted log-norm slope per step:"];
  for (let i = 0; i < parts.length; i += 2) lines.push(parts.slice(i, i + 2).join(", "));
  return lines;
}

/** Gradient-flow profile per run where runs have `gradFlow`. */
export const gradFlowChart: Chart = {
  id: "grad-flow",
  title: "Gradient-flow profile: gradient norm vs distance",
  build(out: OutputFolder): TopLevelSpec | null {
    const points = gradFlowData(out);
    if (points.length === 0) return null;
    const runIds = out.runs.filter((r) => points.some((p) => p.run === r.id)).map((r) => r.id);
    const multiLayer = new Set(points.map((p) => p.layer)).size > 1;
    const steps = [...new Set(points.map((p) => p.step))];
    return {
      ...baseSpec(
        `Gradient flow ‖∂L_T/∂h_{T−k}‖ at step ${steps.join(", ")}`,
        decaySubtitle(out),
      ),
      ...PANEL,
      data: { values: points },
      layer: [{
        name: "flow",
        mark: { type: "line", strokeWidth: 2, point: false },
        encoding: {
          x: { field: "k", type: "quantitative", title: "distance k (steps back from T)" },
          y: {
            field: "norm",
            type: "quantitative",
            title: "gradient norm (log)",
            scale: { type: "log" },
            // Norms that fall by many decades read better as powers of ten.
            ...(Math.min(...points.map((p) => p.norm)) < 1e-3 ? { axis: { format: ".0e" } } : {}),
          },
          color: runColor(runIds),
          ...(multiLayer
            ? { strokeDash: { field: "layer", type: "nominal", title: "layer" } }
            : {}),
        },
      }],
    } as TopLevelSpec;
  },
};
