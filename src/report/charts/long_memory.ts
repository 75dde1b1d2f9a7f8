/**
 * Long-memory tasks (adding, copy, …): the task metric vs lag per cell (per cell and forget bias
 * where a cell ran at several), a point per run filled where solved and a line through the median
 * over seeds. One panel per task.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { OutputFolder } from "../read.ts";
import { seededEntries } from "../memory.ts";
import type { Chart } from "./chart.ts";
import { allPositive, baseSpec, num } from "./_style.ts";

interface TaskPoint {
  task: string;
  lag: number;
  cell: string;
  metric: number;
  solved: string;
}

/** Task results that carry a metric: every run's (the success table's entries). */
export function longMemoryData(out: OutputFolder): TaskPoint[] {
  return seededEntries(out.summary as unknown as Record<string, unknown>).flatMap((t) => {
    const metric = num(t.metric);
    const variant = typeof t.variant === "string" && t.variant !== t.task ? ` ${t.variant}` : "";
    const name = typeof t.metricName === "string" ? ` (${t.metricName})` : "";
    return metric === null || num(t.lag) === null ? [] : [{
      task: `${t.task}${variant}${name}`,
      lag: t.lag,
      cell: t.column,
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
    const y = {
      field: "metric",
      type: "quantitative",
      title: "test metric",
      scale: allPositive(points.map((p) => p.metric)) ? { type: "log" } : {},
    } as const;
    return {
      ...baseSpec("Long-memory tasks: test metric vs lag", "filled: solved"),
      data: { values: points },
      facet: { column: { field: "task", type: "nominal", title: null, sort: tasks } },
      spec: {
        width: 300,
        height: 220,
        encoding: {
          x: { field: "lag", type: "quantitative", title: "lag", scale: { type: "log" } },
          y,
          color: { field: "cell", type: "nominal", title: "cell" },
        },
        layer: [
          // Through the median over seeds: one line through every seed's point would zigzag.
          {
            name: "taskLines",
            mark: { type: "line", strokeWidth: 1.5 },
            encoding: { y: { ...y, aggregate: "median" } },
          },
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
