/**
 * Long-memory tasks (adding, copy, …): the task metric vs lag per cell, filled where solved. One
 * panel per task.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { OutputFolder } from "../read.ts";
import type { Chart } from "./chart.ts";
import { allPositive, baseSpec, num } from "./_style.ts";

interface TaskPoint {
  task: string;
  lag: number;
  cell: string;
  metric: number;
  solved: string;
}

/** Task results that carry a metric. */
export function longMemoryData(out: OutputFolder): TaskPoint[] {
  return (out.summary.tasks ?? []).flatMap((t) => {
    const metric = num(t.metric);
    const variant = typeof t.variant === "string" && t.variant !== t.task ? ` ${t.variant}` : "";
    const name = typeof t.metricName === "string" ? ` (${t.metricName})` : "";
    return metric === null || num(t.lag) === null ? [] : [{
      task: `${t.task}${variant}${name}`,
      lag: t.lag,
      cell: t.cell,
      metric,
      solved: t.solved ? "solved" : "not solved",
    }];
  });
}

/** Long-memory metric vs lag, when the summary has `tasks`. */
export const longMemoryChart: Chart = {
  id: "long-memory",
  title: "Long-memory tasks: metric vs lag",
  build(out: OutputFolder): TopLevelSpec | null {
    const points = longMemoryData(out);
    if (points.length === 0) return null;
    const tasks = [...new Set(points.map((p) => p.task))];
    return {
      ...baseSpec("Long-memory tasks: test metric vs lag", "filled: solved"),
      data: { values: points },
      facet: { column: { field: "task", type: "nominal", title: null, sort: tasks } },
      spec: {
        width: 300,
        height: 220,
        encoding: {
          x: { field: "lag", type: "quantitative", title: "lag", scale: { type: "log" } },
          y: {
            field: "metric",
            type: "quantitative",
            title: "test metric",
            scale: allPositive(points.map((p) => p.metric)) ? { type: "log" } : {},
          },
          color: { field: "cell", type: "nominal", title: "cell" },
        },
        layer: [
          { name: "taskLines", mark: { type: "line", strokeWidth: 1.5 } },
          {
            name: "taskPoints",
            mark: { type: "point", size: 70, strokeWidth: 2 },
            encoding: {
              fill: {
                condition: { test: "datum.solved === 'solved'", field: "cell", type: "nominal" },
                value: "white",
              },
            },
          },
        ],
      },
      resolve: { scale: { y: "independent" } },
    } as TopLevelSpec;
  },
};
