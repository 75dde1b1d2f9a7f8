/**
 * Train and validation loss vs step, one colour per run: train loss as a thin line (every step),
 * validation loss as a line with a point per eval step, and each text baseline's whole-split
 * validation loss (`summary.baselines`, bits converted to nats) as a dashed rule.
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

/** The summary's baselines with a validation bpc, as a loss in nats and a label. */
export function baselineRules(out: OutputFolder): { loss: number; label: string }[] {
  const baselines = Array.isArray(out.summary.baselines) ? out.summary.baselines : [];
  // Several corpora (one n-gram each): the label names the corpus.
  const corpora = new Set(baselines.map((b: { corpus?: unknown }) => b.corpus));
  return baselines.flatMap((b: { id?: unknown; valBpc?: unknown; corpus?: unknown }) => {
    const bpc = num(b.valBpc);
    const id = corpora.size > 1 ? `${b.id}, ${b.corpus}` : `${b.id}`;
    return bpc === null ? [] : [{ loss: bpc * Math.LN2, label: `${id} (val, whole split)` }];
  });
}

/** Train/val loss vs step per run. */
export const lossChart: Chart = {
  id: "loss",
  title: "Train and validation loss vs step",
  build(out: OutputFolder): TopLevelSpec | null {
    const { train, val } = lossData(out);
    if (train.length === 0 && val.length === 0) return null;
    const rules = baselineRules(out);
    const runIds = out.runs.map((r) => r.id);
    return {
      ...baseSpec(
        "Loss vs step",
        [
          ...(train.length ? ["thin lines: train loss (every step)"] : []),
          ...(val.length ? ["lines with points: validation loss (eval steps)"] : []),
          ...(rules.length ? ["dashed: n-gram baseline's validation loss"] : []),
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
        ...(rules.length === 0 ? [] : [
          {
            name: "baseline",
            data: { values: rules },
            mark: { type: "rule", color: "#555", strokeDash: [6, 4], strokeWidth: 1.5 },
            encoding: { y: { field: "loss", type: "quantitative" }, color: null, x: null },
          },
          {
            name: "baselineLabel",
            data: { values: rules },
            mark: {
              type: "text",
              color: "#555",
              align: "right",
              baseline: "bottom",
              dy: -2,
              x: "width",
            },
            encoding: {
              y: { field: "loss", type: "quantitative" },
              text: { field: "label" },
              color: null,
              x: null,
            },
          },
        ]),
      ],
    } as TopLevelSpec;
  },
};
