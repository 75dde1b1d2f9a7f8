/**
 * Train and validation loss vs step, one colour per run: train loss as a thin line (every step),
 * validation loss as a line with a point per eval step.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { OutputFolder } from "../read.ts";
import type { Chart } from "./chart.ts";
import { baseSpec, num, PANEL, runColor, thin } from "./_style.ts";

interface LossPoint {
  run: string;
  step: number;
  loss: number;
}

/** Per run, the steps with a train loss and those with a validation loss. */
export function lossData(out: OutputFolder): { train: LossPoint[]; val: LossPoint[] } {
  const train: LossPoint[] = [];
  const val: LossPoint[] = [];
  for (const run of out.runs) {
    const trainRows = run.metrics.filter((r) => num(r.trainLoss) !== null);
    for (const r of thin(trainRows, 600)) {
      train.push({ run: run.id, step: r.step, loss: r.trainLoss! });
    }
    const valRows = run.metrics.filter((r) => num(r.valLoss) !== null);
    if (valRows.length > 0) {
      for (const r of valRows) val.push({ run: run.id, step: r.step, loss: r.valLoss! });
    } else {
      // No metrics.csv: fall back to the eval points kept in summary.json.
      for (const e of run.summary.evals ?? []) {
        if (num(e.valLoss) !== null) val.push({ run: run.id, step: e.step, loss: e.valLoss! });
      }
    }
  }
  return { train, val };
}

/** Train/val loss vs step per run. */
export const lossChart: Chart = {
  id: "loss",
  title: "Train and validation loss vs step",
  build(out: OutputFolder): TopLevelSpec | null {
    const { train, val } = lossData(out);
    if (train.length === 0 && val.length === 0) return null;
    const runIds = out.runs.map((r) => r.id);
    return {
      ...baseSpec(
        "Loss vs step",
        [
          ...(train.length ? ["thin lines: train loss (every step)"] : []),
          ...(val.length ? ["lines with points: validation loss (eval steps)"] : []),
        ],
      ),
      ...PANEL,
      encoding: {
        x: { field: "step", type: "quantitative", title: "step" },
        y: {
          field: "loss",
          type: "quantitative",
          title: "loss (nats)",
          scale: { zero: false },
        },
        color: runColor(runIds),
      },
      layer: [
        {
          name: "train",
          data: { values: train },
          mark: { type: "line", strokeWidth: 1, opacity: 0.45 },
        },
        { name: "val", data: { values: val }, mark: { type: "line", strokeWidth: 2 } },
        {
          name: "valPoints",
          data: { values: val },
          mark: { type: "point", filled: true, size: 40 },
        },
      ],
    } as TopLevelSpec;
  },
};
