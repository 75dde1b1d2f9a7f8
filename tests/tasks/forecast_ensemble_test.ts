/** Seed-group ensembles of forecast runs: the mean forecast, its scores, exclusions, the checks. */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { forecastMetrics } from "../../src/metrics/forecast.ts";
import { predictionIntervals } from "../../src/metrics/conformal.ts";
import { InputError } from "../../src/errors.ts";
import {
  checkEnsembleRuns,
  FORECASTS_FILE,
  forecastsFile,
  meanForecast,
  seedEnsembles,
} from "../../src/tasks/forecast_ensemble.ts";
import { forecastSummary } from "../../src/tasks/forecast.ts";

Deno.test("meanForecast: the element-wise mean of the members", () => {
  const members = [[1, 2, 3, 4], [3, 2, 1, 0], [2, 5, 2, -1]];
  const mean = meanForecast(members);
  for (let i = 0; i < 4; i++) {
    assertAlmostEquals(mean[i], (members[0][i] + members[1][i] + members[2][i]) / 3, 1e-15);
  }
  assertThrows(() => meanForecast([[1, 2], [1]]), RangeError);
  assertThrows(() => meanForecast([]), RangeError);
});

// Horizon 2, 4 test windows, 5 validation windows of a positive series.
const horizon = 2;
const actual = [10, 11, 12, 13, 14, 15, 16, 17];
const valActual = [9, 10, 10, 11, 11, 12, 12, 13, 13, 14];
const naive2 = { smape: 8, mase: 1.2 };
const baselines = [
  {
    name: "naive2",
    kind: "baseline" as const,
    mae: 1.5,
    rmse: 1.6,
    mase: 1.2,
    smape: 8,
    owa: 1,
    intervals: [],
    family: "statistical" as const,
  },
  {
    name: "comb",
    kind: "baseline" as const,
    mae: 1.2,
    rmse: 1.3,
    mase: 1,
    smape: 7,
    owa: 0.85,
    intervals: [],
    family: "statistical" as const,
  },
];

/** A run's summary entry (metrics as the run would have them) with ensemble "mean". */
function entry(id: string, status = "finished") {
  return {
    id,
    status,
    forecast: {
      series: "s",
      target: "y",
      lookback: 4,
      horizon,
      period: 1,
      maseScale: 1.25,
      smapeUndefined: null,
      adjustment: { kind: "none", reason: "no seasonal period" },
      ensemble: "mean" as const,
      baselines,
      model: {
        name: "gru",
        kind: "neural" as const,
        mae: 1,
        rmse: 1,
        mase: 0.8,
        smape: 6,
        owa: 0.9,
        intervals: null,
        run: id,
        scored: { checkpoint: "best" as const, step: 10, valLoss: 0.1 },
      },
    },
  };
}

// Member forecasts: the truth plus errors that partly cancel in the mean.
const offsets: Record<string, number[]> = {
  "gru-seed=1": [2, -1, 2, -1, 2, -1, 2, -1],
  "gru-seed=2": [-1, 2, -1, 2, -1, 2, -1, 2],
  "gru-seed=3": [NaN, 0, 0, 0, 0, 0, 0, 0],
  "gru-seed=4": [3, 3, 3, 3, 3, 3, 3, 3],
};
const valOffsets = (id: string) =>
  offsets[id].concat([1, -1]).map((x) => (Number.isNaN(x) ? 0 : x));
const files: Record<string, string> = Object.fromEntries(
  Object.keys(offsets).map((id) => [
    id,
    forecastsFile(id, [{
      series: "s",
      target: "y",
      lookback: 4,
      horizon,
      test: actual.map((y, i) => y + offsets[id][i]),
      val: valActual.map((y, i) => y + valOffsets(id)[i]),
      actual,
      valActual,
    }]),
  ]),
);
const read = (run: string, name: string) => (name === FORECASTS_FILE ? files[run] ?? null : null);

Deno.test("seedEnsembles: the mean of the finished members with finite forecasts, scored like a model", () => {
  const runs = [
    entry("gru-seed=1"),
    entry("gru-seed=2"),
    entry("gru-seed=3"), // a non-finite forecast: left out
    entry("gru-seed=4", "diverged"), // left out
    entry("gru-seed=5"), // no forecasts file: left out
  ];
  const { facts, models } = seedEnsembles(runs, read);
  assertEquals(facts.method, "mean");
  assertEquals(facts.groups, [{
    group: "gru",
    runs: runs.map((r) => r.id),
    members: ["gru-seed=1", "gru-seed=2"],
    excluded: [
      { run: "gru-seed=3", reason: "non-finite forecasts on series s" },
      { run: "gru-seed=4", reason: "it diverged" },
      { run: "gru-seed=5", reason: "no readable forecasts.json in its folder" },
    ],
  }]);
  assertEquals(models.length, 1);
  const { model } = models[0];
  assertEquals([model.name, model.kind, model.group, model.members], [
    "gru-ens2",
    "ensemble",
    "gru",
    ["gru-seed=1", "gru-seed=2"],
  ]);
  // Independently: the mean forecast (errors +0.5 everywhere) and its scores.
  const test = actual.map((y) => y + 0.5);
  const val = valActual.map((y, i) =>
    y + (valOffsets("gru-seed=1")[i] + valOffsets("gru-seed=2")[i]) / 2
  );
  const metrics = forecastMetrics(Float64Array.from(actual), Float64Array.from(test), 1.25);
  assertAlmostEquals(model.mae, 0.5, 1e-12);
  assertAlmostEquals(model.mase, metrics.mase, 1e-12);
  assertAlmostEquals(model.smape!, metrics.smape!, 1e-12);
  assertAlmostEquals(
    model.owa!,
    0.5 * (metrics.smape! / naive2.smape + metrics.mase / naive2.mase),
    1e-12,
  );
  // Each member's MAE is 1.5: the ensemble's differs from every member's.
  for (const id of ["gru-seed=1", "gru-seed=2"]) {
    const member = forecastMetrics(
      Float64Array.from(actual),
      Float64Array.from(actual.map((y, i) => y + offsets[id][i])),
      1.25,
    );
    assertAlmostEquals(member.mae, 1.5, 1e-12);
  }
  // Intervals from the residuals of the members' mean validation forecasts.
  assertEquals(
    model.intervals,
    predictionIntervals(
      { actual: valActual, predicted: val },
      {
        actual,
        predicted: test,
      },
      horizon,
      1.25,
    ),
  );
  assertEquals(model.intervals.map((i) => i.level), [0.8, 0.95]);
});

Deno.test("seedEnsembles: fewer than 2 members → no model, the reason in the facts", () => {
  const { facts, models } = seedEnsembles(
    [entry("gru-seed=1"), entry("gru-seed=4", "failed")],
    read,
  );
  assertEquals(models, []);
  assertEquals(facts.groups[0].members, []);
  assertEquals(facts.groups[0].excluded, [{ run: "gru-seed=4", reason: "it failed" }]);
  // Runs that do not ask for it: no groups, method none.
  const none = entry("gru-seed=1");
  const plain = { ...none, forecast: { ...none.forecast, ensemble: "none" as const } };
  assertEquals(seedEnsembles([plain], read).facts, { method: "none", groups: [] });
});

Deno.test("forecastSummary: the ensemble joins the series' models, with the verdict flags", () => {
  const { series, ensemble } = forecastSummary([entry("gru-seed=1"), entry("gru-seed=2")], read);
  assertEquals(ensemble.groups[0].members, ["gru-seed=1", "gru-seed=2"]);
  const models = series[0].models;
  assertEquals(models.map((m) => [m.name, m.kind]), [
    ["gru-seed=1", "neural"],
    ["gru-seed=2", "neural"],
    ["gru-ens2", "ensemble"],
    ["naive2", "baseline"],
    ["comb", "baseline"],
  ]);
  const ens = models[2];
  // MASE 0.4 and sMAPE ≈ 3.8 against naive2's 1.2 and 8: OWA ≈ 0.4, below comb's 0.85.
  assert(ens.owa! < 0.85);
  assertEquals([ens.beatsBestBaseline, ens.beatsBestStatistical, ens.beatsComb], [
    true,
    true,
    true,
  ]);
});

Deno.test("seedEnsembles: a many-series run (one global model) gets one ensemble per series", () => {
  const panel = (id: string) => {
    const { forecast } = entry(id);
    return { id, status: "finished", forecasts: [forecast, { ...forecast, series: "t" }] };
  };
  const twoSeries: Record<string, string> = {};
  for (const [id, shift] of [["gru-seed=1", 1], ["gru-seed=2", 3]] as const) {
    const one = (series: string, k: number) => ({
      series,
      target: "y",
      lookback: 4,
      horizon,
      test: actual.map((y) => y + k * shift),
      val: valActual,
      actual,
      valActual,
    });
    twoSeries[id] = forecastsFile(id, [one("s", 1), one("t", -1)]);
  }
  const { models } = seedEnsembles(
    [panel("gru-seed=1"), panel("gru-seed=2")],
    (run) => twoSeries[run] ?? null,
  );
  assertEquals(models.map((m) => [m.series, m.model.name]), [["s", "gru-ens2"], ["t", "gru-ens2"]]);
  assertAlmostEquals(models[0].model.mae, 2, 1e-12); // offsets 1 and 3 → 2
  assertAlmostEquals(models[1].model.mae, 2, 1e-12); // offsets −1 and −3 → −2
});

Deno.test("checkEnsembleRuns: ensemble mean without a seed group is bad input", () => {
  const run = (id: string, ensemble = "mean") => ({ id, config: { forecast: { ensemble } } });
  checkEnsembleRuns([run("lstm-seed=1"), run("lstm-seed=2")], "x.jsonc");
  checkEnsembleRuns([run("lstm", "none")], "x.jsonc");
  const error = assertThrows(
    () => checkEnsembleRuns([run("rnn-seed=1"), run("rnn-seed=2"), run("lstm-seed=1")], "x.jsonc"),
    InputError,
  );
  assertEquals(
    error.message,
    'x.jsonc: forecast.ensemble: is "mean", but run lstm-seed=1 has no seed group to average ' +
      '(no grid axis "training.seed" with 2 or more seeds); add one, e.g. "grid": ' +
      '{ "training.seed": [1, 2, 3] }, or set forecast.ensemble to "none"',
  );
});
