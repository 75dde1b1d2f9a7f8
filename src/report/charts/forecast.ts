/**
 * Forecast vs actual on the test split, one panel per series: the actual values in black and
 * each model's forecast in colour. Reads whatever forecast data `summary.json` holds per series:
 * `series[].forecast = { index?, actual: number[], predictions: { <model>: number[] } }`
 * (also accepted: `time`/`t` for `index`, `models`/`forecasts` for `predictions`, or
 * `series[].actual` with `models[].forecast`). Series without such data are skipped.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import type { OutputFolder, SeriesEntry } from "../read.ts";
import type { Chart } from "./chart.ts";
import { baseSpec, num, thin } from "./_style.ts";

/** Forecast-vs-actual data of one series, normalised. */
export interface ForecastData {
  series: string;
  horizon: number | null;
  index: (number | string)[];
  actual: number[];
  predictions: Record<string, number[]>;
}

function numbers(value: unknown): number[] | null {
  return Array.isArray(value) && value.every((v) => v === null || typeof v === "number")
    ? value as number[]
    : null;
}

function predictionMap(value: unknown): Record<string, number[]> {
  const map: Record<string, number[]> = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      const values = numbers(entry?.values ?? entry?.forecast ?? entry?.predictions);
      if (typeof entry?.name === "string" && values) map[entry.name] = values;
    }
  } else if (value && typeof value === "object") {
    for (const [name, values] of Object.entries(value)) {
      const v = numbers(values);
      if (v) map[name] = v;
    }
  }
  return map;
}

/** Forecast-vs-actual data of a series entry, or null when it has none. */
export function forecastOf(entry: SeriesEntry): ForecastData | null {
  const f = (entry.forecast ?? {}) as Record<string, unknown>;
  const actual = numbers(f.actual) ?? numbers(entry.actual);
  if (!actual || actual.length === 0) return null;
  let predictions = predictionMap(f.predictions ?? f.models ?? f.forecasts);
  if (Object.keys(predictions).length === 0) {
    predictions = predictionMap(
      entry.models.map((m) => ({ name: m.name, values: m.forecast ?? m.predictions })),
    );
  }
  const rawIndex = f.index ?? f.time ?? f.t ?? entry.index;
  const index = Array.isArray(rawIndex) && rawIndex.length === actual.length
    ? rawIndex as (number | string)[]
    : actual.map((_, i) => i);
  return { series: entry.series, horizon: num(entry.horizon), index, actual, predictions };
}

interface ForecastPoint {
  i: number;
  t: number | string;
  model: string;
  value: number;
}

function panel(data: ForecastData) {
  const points: ForecastPoint[] = [];
  const positions = thin(data.actual.map((_, i) => i), 400);
  for (const i of positions) {
    if (num(data.actual[i]) !== null) {
      points.push({ i, t: data.index[i], model: "actual", value: data.actual[i] });
    }
    for (const [model, values] of Object.entries(data.predictions)) {
      if (num(values[i]) !== null) points.push({ i, t: data.index[i], model, value: values[i] });
    }
  }
  const models = ["actual", ...Object.keys(data.predictions)];
  const palette = ["#000000", "#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2"];
  const horizon = data.horizon === null ? "" : `, horizon ${data.horizon}`;
  return {
    name: `forecast_${data.series.replace(/[^A-Za-z0-9]/g, "_")}`,
    title: `${data.series}${horizon}: forecast vs actual (test split)`,
    width: 560,
    height: 220,
    data: { values: points },
    mark: { type: "line", strokeWidth: 1.5 },
    encoding: {
      x: { field: "i", type: "quantitative", title: "test-split position" },
      y: { field: "value", type: "quantitative", title: data.series, scale: { zero: false } },
      color: {
        field: "model",
        type: "nominal",
        title: "series",
        scale: { domain: models, range: models.map((_, i) => palette[i % palette.length]) },
      },
      strokeWidth: {
        condition: { test: "datum.model === 'actual'", value: 2.5 },
        value: 1.3,
      },
      tooltip: [{ field: "t", title: "time" }, { field: "model" }, { field: "value" }],
    },
  };
}

/** Forecast vs actual per series, where the summary has forecast data. */
export const forecastChart: Chart = {
  id: "forecast",
  title: "Forecast vs actual (test split)",
  build(out: OutputFolder): TopLevelSpec | null {
    const all = (out.summary.series ?? []).map(forecastOf).filter((d) => d !== null);
    if (all.length === 0) return null;
    return {
      ...baseSpec("Forecast vs actual"),
      vconcat: all.map(panel),
      resolve: { scale: { color: "independent", y: "independent" } },
    } as TopLevelSpec;
  },
};
