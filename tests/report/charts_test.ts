import { assert, assertEquals } from "@std/assert";
import { readOutput } from "../../src/report/read.ts";
import type { OutputFolder } from "../../src/report/read.ts";
import {
  bpcParamsChart,
  CHARTS,
  forecastChart,
  gradFlowChart,
  gradNormChart,
  longMemoryChart,
  lossChart,
  renderCharts,
  renderSvg,
} from "../../src/report/charts/mod.ts";
import type { Chart } from "../../src/report/charts/mod.ts";
import { forecastsOfRuns } from "../../src/report/charts/forecast.ts";
import { labelField, legendLabels, markItems, vertices } from "./_svg.ts";

const FIXTURE = new URL("../fixtures/report/sample-out", import.meta.url).pathname;
const out = await readOutput(FIXTURE);
const runIds = out.summary.runs.map((r) => r.id);

async function svgOf(chart: Chart, folder: OutputFolder = out): Promise<string> {
  const spec = chart.build(folder);
  if (spec === null) throw new Error(`${chart.id} has no data in the fixture`);
  return await renderSvg(spec);
}

/** Per run id, the values the lines are drawn from. */
function evalSteps(id: string): number[] {
  return out.runs.find((r) => r.id === id)!.metrics.filter((m) => m.valLoss !== null).map((m) =>
    m.step
  );
}

Deno.test("loss chart: one train and one val line per run, a point per eval step", async () => {
  const svg = await svgOf(lossChart);
  assertEquals(legendLabels(svg), runIds);
  const val = markItems(svg, "line", "val");
  assertEquals(val.map((l) => labelField(l.label, "run")), runIds);
  for (const line of val) {
    const id = labelField(line.label, "run")!;
    assertEquals(vertices(line.d), evalSteps(id).length, `val vertices of ${id}`);
  }
  const train = markItems(svg, "line", "train");
  assertEquals(train.map((l) => labelField(l.label, "run")), runIds);
  for (const line of train) assertEquals(vertices(line.d), 40);
  const points = markItems(svg, "symbol", "valPoints");
  for (const id of runIds) {
    const mine = points.filter((p) => labelField(p.label, "run") === id);
    assertEquals(mine.map((p) => Number(labelField(p.label, "step"))), evalSteps(id));
  }
  // The first val point carries the value from metrics.csv.
  const first = out.runs[0].metrics.find((m) => m.valLoss !== null)!;
  assertEquals(Number(labelField(points[0].label, "loss (nats)")), first.valLoss);
});

Deno.test("loss chart: falls back to summary evals without metrics.csv", async () => {
  const bare = { ...out, runs: out.runs.map((r) => ({ ...r, metrics: [] })) };
  const svg = await svgOf(lossChart, bare);
  assertEquals(markItems(svg, "line", "train").length, 0);
  const val = markItems(svg, "line", "val");
  assertEquals(val.length, runIds.length);
  assertEquals(vertices(val[0].d), out.summary.runs[0].evals!.length);
});

Deno.test("grad-norm chart: a line per run over every step and the clip threshold", async () => {
  const svg = await svgOf(gradNormChart);
  assertEquals(legendLabels(svg), runIds);
  const lines = markItems(svg, "line", "gradNorm");
  assertEquals(lines.map((l) => labelField(l.label, "run")), runIds);
  for (const line of lines) assertEquals(vertices(line.d), 40);
  assertEquals(markItems(svg, "rule", "clip").length, 1);
  assertEquals(markItems(svg, "text", "clipLabel").map((t) => t.text), ["clip 5"]);
});

Deno.test("grad-norm chart: no rule when no run clips by norm", async () => {
  const noClip = {
    ...out,
    runs: out.runs.map((r) => ({ ...r, summary: { ...r.summary, clip: { mode: "none" } } })),
  };
  const svg = await svgOf(gradNormChart, noClip);
  assertEquals(markItems(svg, "rule", "clip").length, 0);
  assertEquals(markItems(svg, "line", "gradNorm").length, runIds.length);
});

Deno.test("grad-flow chart: each run's last profile, K+1 distances, decay rates", async () => {
  const svg = await svgOf(gradFlowChart);
  assertEquals(legendLabels(svg), runIds);
  const lines = markItems(svg, "line", "flow");
  assertEquals(lines.map((l) => labelField(l.label, "run")), runIds);
  for (const line of lines) {
    const run = out.summary.runs.find((r) => r.id === labelField(line.label, "run"))!;
    const last = run.gradFlow!.at(-1)!;
    assertEquals(vertices(line.d), last.norms.length);
    assert(svg.includes(last.decayPerStep!.toPrecision(3)), "decay rate in subtitle");
  }
  assert(svg.includes("at step 40"));
});

Deno.test("forecast chart: actual plus one line per model, a vertex per test point", async () => {
  const svg = await svgOf(forecastChart);
  const series = out.summary.series![0];
  const forecast = series.forecast as { actual: number[]; predictions: Record<string, number[]> };
  const names = ["actual", ...Object.keys(forecast.predictions)];
  assertEquals(legendLabels(svg), names);
  const lines = markItems(svg, "line", "forecast_co2");
  assertEquals(lines.map((l) => labelField(l.label, "model")), names);
  for (const line of lines) assertEquals(vertices(line.d), forecast.actual.length);
});

Deno.test("bpc-params chart: one point and label per run", async () => {
  const svg = await svgOf(bpcParamsChart);
  const points = markItems(svg, "symbol", "runs");
  assertEquals(points.length, runIds.length);
  for (const run of out.summary.runs) {
    const p = points.find((x) => Number(labelField(x.label, "parameters")) === run.params)!;
    assert(p, `point for ${run.id}`);
    assertEquals(Number(labelField(p.label, "val bits per character")), run.valBpc);
  }
  assertEquals(markItems(svg, "text", "runLabels").map((t) => t.text).sort(), [...runIds].sort());
});

Deno.test("long-memory chart: one point per task result", async () => {
  const svg = await svgOf(longMemoryChart);
  assertEquals(markItems(svg, "symbol", "taskPoints").length, out.summary.tasks!.length);
});

Deno.test("charts return null when their data is absent", () => {
  const bare: OutputFolder = {
    ...out,
    summary: {
      experiment: "x",
      runs: [{ ...out.summary.runs[0], gradFlow: undefined, params: null, evals: [] }],
    },
    runs: [{ ...out.runs[0], metrics: [] }],
  };
  bare.runs[0].summary = bare.summary.runs[0];
  for (const chart of CHARTS) assertEquals(chart.build(bare), null, chart.id);
});

Deno.test("renderCharts renders every chart the fixture has data for, in registry order", async () => {
  const rendered = await renderCharts(out);
  assertEquals(rendered.map((c) => c.id), CHARTS.map((c) => c.id));
  for (const c of rendered) assert(c.svg.startsWith("<svg") && c.svg.endsWith("</svg>"));
});

Deno.test("forecast chart: from forecast runs' previews, one line per run id and baseline", async () => {
  const folder = await readOutput(
    new URL("../fixtures/report/forecast-out", import.meta.url).pathname,
  );
  const svg = await svgOf(forecastChart, folder);
  const preview = (folder.summary.runs[0].forecast as {
    preview: { actual: number[]; baselines: Record<string, number[]> };
  }).preview;
  const names = ["actual", "rnn-co2", "lstm-co2", ...Object.keys(preview.baselines)];
  assertEquals(legendLabels(svg), names);
  const lines = markItems(svg, "line", "forecast_co2");
  assertEquals(lines.map((l) => labelField(l.label, "series")), names);
  for (const line of lines) assertEquals(vertices(line.d), preview.actual.length);
  // Series-level metrics are there too, for compare/regress; no other chart needs metrics.csv.
  assertEquals(lossChart.build(folder) === null, false, "loss falls back to summary evals");
});

Deno.test("forecast chart: a seed-group ensemble is a line, the mean of its members' forecasts", async () => {
  const folder = await readOutput(
    new URL("../fixtures/report/forecast-out", import.meta.url).pathname,
  );
  const members = ["rnn-co2", "lstm-co2"];
  const summary = {
    ...folder.summary,
    ensemble: {
      method: "mean" as const,
      groups: [{ group: "g", runs: members, members, excluded: [] }],
    },
    series: (folder.summary.series ?? []).map((s) => ({
      ...s,
      models: [...s.models, { name: "g-ens2", kind: "ensemble", group: "g", members }],
    })),
  } as typeof folder.summary;
  const withEnsemble = { ...folder, summary };
  const [data] = forecastsOfRuns(withEnsemble);
  const [a, b] = members.map((m) => data.predictions[m]);
  assertEquals(data.predictions["g-ens2"], a.map((x, i) => (x + b[i]) / 2));
  // In the legend after the runs, before the baselines.
  const names = legendLabels(await svgOf(forecastChart, withEnsemble));
  assertEquals(names.slice(0, 4), ["actual", "rnn-co2", "lstm-co2", "g-ens2"]);
  assertEquals(legendLabels(await svgOf(forecastChart, folder)).includes("g-ens2"), false);
});

Deno.test("loss chart: the n-gram baseline's validation loss is a dashed rule, in nats", async () => {
  const baselines = [{ id: "ngram-5", kind: "baseline", order: 5, valBpc: 4, testBpc: 4.1 }];
  const svg = await svgOf(lossChart, { ...out, summary: { ...out.summary, baselines } });
  assertEquals(markItems(svg, "rule", "baseline").length, 1);
  assertEquals(markItems(svg, "text", "baselineLabel").map((t) => t.text), [
    "ngram-5 (val, whole split)",
  ]);
  assertEquals(markItems(await svgOf(lossChart), "rule", "baseline").length, 0);
});

Deno.test("long-memory chart: a point per seed, a line through the median over seeds", async () => {
  const entry = (lag: number, metric: number) => ({
    task: "adding",
    variant: "halves",
    lag,
    cell: "rnn",
    solved: metric < 0.01,
    metric,
    metricName: "mse",
    baseline: 0.167,
    stepsToSolve: null,
  });
  const run = (seed: number, lag: number, metric: number) => ({
    ...out.summary.runs[0],
    id: `lag=${lag}-rnn-seed=${seed}`,
    seed,
    forgetBias: null,
    memory: entry(lag, metric),
  });
  const runs = [run(1, 10, 0.002), run(2, 10, 0.2), run(3, 10, 0.004), run(1, 25, 0.17)];
  const folder: OutputFolder = {
    ...out,
    summary: { ...out.summary, runs, tasks: runs.map((r) => r.memory) } as never,
  };
  const svg = await svgOf(longMemoryChart, folder);
  assertEquals(markItems(svg, "symbol", "taskPoints").length, 4);
  const lines = markItems(svg, "line", "taskLines");
  assertEquals(lines.length, 1);
  // Two vertices (lags 10 and 25), the first at the median of 0.002, 0.2, 0.004, not three.
  assertEquals(vertices(lines[0].d), 2);
  assertEquals(labelField(lines[0].label, "test metric"), "0.004");
});
