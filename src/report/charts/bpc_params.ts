/**
 * Final validation bits per character vs parameter count across the runs of a grid: one point
 * per run, labelled with its id, coloured by cell.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { OutputFolder } from "../read.ts";
import type { Chart } from "./chart.ts";
import { baseSpec, num, PANEL } from "./_style.ts";

interface BpcPoint {
  run: string;
  cell: string;
  params: number;
  valBpc: number;
}

/** Runs with both a parameter count and a final val bpc (diverged runs have null metrics). */
export function bpcParamsData(out: OutputFolder): BpcPoint[] {
  const points: BpcPoint[] = [];
  for (const run of out.runs) {
    const params = num(run.summary.params);
    const valBpc = num(run.summary.valBpc);
    if (params === null || valBpc === null) continue;
    points.push({ run: run.id, cell: run.summary.cell ?? "?", params, valBpc });
  }
  return points;
}

/** Val bpc vs parameters, when at least two runs have both. */
export const bpcParamsChart: Chart = {
  id: "bpc-params",
  title: "Validation bpc vs parameters",
  build(out: OutputFolder): TopLevelSpec | null {
    const points = bpcParamsData(out);
    if (points.length < 2) return null;
    const params = points.map((p) => p.params);
    const log = Math.max(...params) / Math.min(...params) > 10;
    const cells = [...new Set(points.map((p) => p.cell))];
    return {
      ...baseSpec("Validation bpc vs parameters", "one point per run; lower is better"),
      ...PANEL,
      data: { values: points },
      encoding: {
        x: {
          field: "params",
          type: "quantitative",
          title: "parameters",
          scale: log ? { type: "log" } : { zero: false, padding: 30 },
        },
        y: {
          field: "valBpc",
          type: "quantitative",
          title: "val bits per character",
          scale: { zero: false, padding: 20 },
        },
        color: { field: "cell", type: "nominal", title: "cell", scale: { domain: cells } },
      },
      layer: [
        { name: "runs", mark: { type: "point", filled: true, size: 80 } },
        {
          name: "runLabels",
          mark: { type: "text", align: "left", dx: 7, dy: -7, fontSize: 11 },
          encoding: { text: { field: "run" } },
        },
      ],
    } as TopLevelSpec;
  },
};
