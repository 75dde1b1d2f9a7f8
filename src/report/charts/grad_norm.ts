/**
 * Gradient global norm (before clipping) vs step, one line per run, with each distinct
 * norm-clipping threshold drawn as a dashed rule.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { OutputFolder } from "../read.ts";
import type { Chart } from "./chart.ts";
import { allPositive, baseSpec, num, PANEL, runColor, thin } from "./_style.ts";

interface NormPoint {
  run: string;
  step: number;
  gradNorm: number;
}

/** Per-step global gradient norms of every run. */
export function gradNormData(out: OutputFolder): NormPoint[] {
  const points: NormPoint[] = [];
  for (const run of out.runs) {
    const rows = run.metrics.filter((r) => num(r.gradNorm) !== null);
    for (const r of thin(rows, 600)) {
      points.push({ run: run.id, step: r.step, gradNorm: r.gradNorm! });
    }
  }
  return points;
}

/** Distinct global-norm clip thresholds, with the runs that use each. */
export function clipThresholds(out: OutputFolder): { threshold: number; label: string }[] {
  const byThreshold = new Map<number, string[]>();
  for (const run of out.runs) {
    const clip = run.summary.clip;
    const threshold = num(clip?.threshold);
    // Value clipping bounds each element, not the global norm: no line on this chart.
    if (clip?.mode !== "norm" || threshold === null) continue;
    byThreshold.set(threshold, [...(byThreshold.get(threshold) ?? []), run.id]);
  }
  const all = out.runs.length;
  return [...byThreshold.entries()].sort((a, b) => a[0] - b[0]).map(([threshold, ids]) => ({
    threshold,
    label: ids.length === all ? `clip ${threshold}` : `clip ${threshold} (${ids.join(", ")})`,
  }));
}

/** Gradient global norm vs step per run, with the clip threshold. */
export const gradNormChart: Chart = {
  id: "grad-norm",
  title: "Gradient global norm vs step",
  build(out: OutputFolder): TopLevelSpec | null {
    const points = gradNormData(out);
    if (points.length === 0) return null;
    const rules = clipThresholds(out);
    const log = allPositive([...points.map((p) => p.gradNorm), ...rules.map((r) => r.threshold)]);
    const y = {
      type: "quantitative" as const,
      title: "global grad norm (pre-clip)",
      scale: log ? { type: "log" as const } : {},
    };
    return {
      ...baseSpec(
        "Gradient global norm vs step",
        rules.length > 0
          ? "dashed: norm-clipping threshold; steps above it were scaled down"
          : "no run clips by global norm",
      ),
      ...PANEL,
      layer: [
        {
          name: "gradNorm",
          data: { values: points },
          mark: { type: "line", strokeWidth: 1.5 },
          encoding: {
            x: { field: "step", type: "quantitative", title: "step" },
            y: { field: "gradNorm", ...y },
            color: runColor(out.runs.map((r) => r.id)),
          },
        },
        ...(rules.length === 0 ? [] : [
          {
            name: "clip",
            data: { values: rules },
            mark: { type: "rule", color: "#c00", strokeDash: [6, 4], strokeWidth: 1.5 },
            encoding: { y: { field: "threshold", ...y } },
          },
          {
            name: "clipLabel",
            data: { values: rules },
            mark: {
              type: "text",
              color: "#c00",
              align: "right",
              baseline: "bottom",
              dy: -2,
              x: "width",
            },
            encoding: { y: { field: "threshold", ...y }, text: { field: "label" } },
          },
        ]),
      ],
    } as TopLevelSpec;
  },
};
