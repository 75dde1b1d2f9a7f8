/**
 * Forecast vs actual on the test split, one panel per series: the actual values in black, each
 * neural run's forecast (legend: run id), each seed-group ensemble's (`forecast.ensemble` mean)
 * and each baseline's. Reads each forecast run's
 * `runs[].forecast.preview = { times, actual, predicted, baselines: { <name>: number[] } }`
 * (issue 5); also accepted, per series entry: `series[].forecast = { index?, actual,
 * predictions: { <model>: number[] } }`. Series without such data are skipped.
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
  /** A neural run's conformal intervals around its forecast, by level (`"0.8"`, `"0.95"`). */
  bands?: { run: string; levels: Record<string, { lower: number[]; upper: number[] }> };
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
      (entry.models ?? []).map((m) => {
        const loose = m as Record<string, unknown>;
        return { name: m.name, values: loose.forecast ?? loose.predictions };
      }),
    );
  }
  const rawIndex = f.index ?? f.times ?? f.time ?? f.t ?? entry.index;
  const index = Array.isArray(rawIndex) && rawIndex.length === actual.length
    ? rawIndex as (number | string)[]
    : actual.map((_, i) => i);
  return { series: entry.series, horizon: num(entry.horizon), index, actual, predictions };
}

/**
 * Forecast-vs-actual data from the forecast runs' previews, one per series (and horizon): the
 * first run's actual values and baselines, and every run's predictions under its run id.
 */
export function forecastsOfRuns(out: OutputFolder): ForecastData[] {
  const groups = new Map<string, ForecastData>();
  const perSeries = (run: { forecast?: unknown; forecasts?: unknown }) =>
    [
      ...(run.forecast ? [run.forecast] : []),
      ...(Array.isArray(run.forecasts) ? run.forecasts : []),
    ] as Record<string, unknown>[];
  for (const run of out.summary.runs) {
    for (const f of perSeries(run as Record<string, unknown>)) addRunForecast(groups, run.id, f);
  }
  addEnsembles(out, groups);
  // Baselines after the neural runs (and their seed-group ensembles), so run colours come first.
  const ensembles = ensembleNames(out);
  for (const g of groups.values()) {
    const runs = [
      ...out.summary.runs.map((r) => r.id).filter((id) => id in g.predictions),
      ...Object.keys(g.predictions).filter((name) => ensembles.has(name)),
    ];
    const rest = Object.keys(g.predictions).filter((k) => !runs.includes(k));
    g.predictions = Object.fromEntries([...runs, ...rest].map((k) => [k, g.predictions[k]]));
  }
  return [...groups.values()];
}

/** The names of the summary's seed-group ensembles (`<cell>-ens<n>`, `forecast.ensemble` mean). */
function ensembleNames(out: OutputFolder): Set<string> {
  return new Set(
    (out.summary.series ?? []).flatMap((s) => s.models)
      .filter((m) => (m as { kind?: string }).kind === "ensemble").map((m) => m.name),
  );
}

/**
 * Each seed-group ensemble's line: the mean of its members' previewed forecasts (the ensemble
 * is their mean forecast; the previews keep six significant digits), named as in `series[]`.
 */
function addEnsembles(out: OutputFolder, groups: Map<string, ForecastData>): void {
  for (const { group, members } of out.summary.ensemble?.groups ?? []) {
    if (members.length < 2) continue;
    for (const g of groups.values()) {
      const rows = members.map((m) => g.predictions[m]);
      if (rows.some((r) => !r || r.length !== g.actual.length)) continue;
      const model = (out.summary.series ?? []).find((s) =>
        s.series === g.series && (g.horizon === null || s.horizon === g.horizon)
      )?.models.find((m) => m.group === group);
      const name = model?.name ?? `${group}-ens${members.length}`;
      g.predictions[name] = g.actual.map((_, i) =>
        rows.reduce((sum, r) => sum + r[i], 0) / rows.length
      );
    }
  }
}

/** Add one series' preview of a run to its group (first run's actual values and baselines). */
function addRunForecast(
  groups: Map<string, ForecastData>,
  runId: string,
  f: Record<string, unknown>,
): void {
  const preview = f?.preview as Record<string, unknown> | undefined;
  const actual = numbers(preview?.actual);
  const predicted = numbers(preview?.predicted);
  if (!f || !actual || actual.length === 0) return;
  const series = String(f.series ?? "series");
  const horizon = num(f.horizon);
  const key = JSON.stringify([series, f.target, f.lookback, horizon]);
  let group = groups.get(key);
  if (!group) {
    const times = preview?.times;
    group = {
      series,
      horizon,
      index: Array.isArray(times) && times.length === actual.length
        ? times
        : actual.map((_, i) => i),
      actual,
      predictions: {},
    };
    groups.set(key, group);
  }
  if (predicted) group.predictions[runId] = predicted;
  for (const [name, values] of Object.entries(predictionMap(preview?.baselines))) {
    group.predictions[name] ??= values;
  }
  const bands = preview?.bands as NonNullable<ForecastData["bands"]>["levels"] | undefined;
  if (!group.bands && bands && typeof bands === "object") {
    group.bands = { run: runId, levels: bands };
  }
}

interface ForecastPoint {
  i: number;
  t: number | string;
  model: string;
  value: number;
}

function panel(data: ForecastData, name: string) {
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
  const palette = [
    "#000000",
    "#4c78a8",
    "#f58518",
    "#e45756",
    "#72b7b2",
    "#54a24b",
    "#eeca3b",
    "#b279a2",
    "#ff9da6",
    "#9d755d",
    "#bab0ac",
  ];
  const horizon = data.horizon === null ? "" : `, horizon ${data.horizon}`;
  const lines = {
    name,
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
  const band = bandLayer(data, positions);
  return {
    title: band
      ? `${data.series}${horizon} (test split; band: ${data.bands!.run}'s 80 % / 95 % interval)`
      : `${data.series}${horizon} (test split)`,
    width: 480,
    height: 220,
    layer: band ? [band, lines] : [lines],
  };
}

/** The shaded 95 % (light) and 80 % (darker) conformal band of one neural run, or null. */
function bandLayer(data: ForecastData, positions: number[]) {
  if (!data.bands) return null;
  const rows: { i: number; level: string; lower: number; upper: number }[] = [];
  for (const [level, { lower, upper }] of Object.entries(data.bands.levels)) {
    for (const i of positions) {
      if (num(lower[i]) !== null && num(upper[i]) !== null) {
        rows.push({
          i,
          level: `${Math.round(Number(level) * 100)} %`,
          lower: lower[i],
          upper: upper[i],
        });
      }
    }
  }
  if (rows.length === 0) return null;
  return {
    data: { values: rows },
    mark: { type: "area", color: "#4c78a8" },
    encoding: {
      x: { field: "i", type: "quantitative" },
      y: { field: "lower", type: "quantitative" },
      y2: { field: "upper" },
      opacity: {
        field: "level",
        type: "ordinal",
        scale: { domain: ["95 %", "80 %"], range: [0.12, 0.25] },
        legend: { title: "interval" },
      },
    },
  };
}

/** Forecast vs actual per series, where the summary has forecast data. */
export const forecastChart: Chart = {
  id: "forecast",
  title: "Forecast vs actual (test split)",
  build(out: OutputFolder): TopLevelSpec | null {
    const fromRuns = forecastsOfRuns(out);
    const all = fromRuns.length > 0
      ? fromRuns
      : (out.summary.series ?? []).map(forecastOf).filter((d) => d !== null);
    if (all.length === 0) return null;
    return {
      ...baseSpec("Forecast vs actual"),
      vconcat: all.map((d, i) => {
        // Mark names must be unique: the series name, plus the position if it repeats.
        const base = `forecast_${d.series.replace(/[^A-Za-z0-9]/g, "_")}`;
        const seen = all.slice(0, i).some((e) => e.series === d.series);
        return panel(d, seen ? `${base}_${i}` : base);
      }),
      resolve: { scale: { color: "independent", y: "independent" } },
    } as TopLevelSpec;
  },
};
