/**
 * `forecast.ensemble: "mean"` end to end on a tiny forecast experiment (Mackey–Glass, 2 seeds, a
 * few steps): with `--jobs 2` (each run in its own process) the summary has the seed group's
 * ensemble with finite metrics, in the series' models, the report's table and verdict; two shards
 * merged give the same ensemble.
 */
import { assert, assertEquals } from "@std/assert";
import { runCliProcess } from "../_cli.ts";
import type { ExperimentSummary } from "../../src/report/mod.ts";

const root = await Deno.makeTempDir({ prefix: "rnnlab-ensemble-" });
const file = `${root}/fc-ens.jsonc`;
Deno.writeTextFileSync(
  file,
  JSON.stringify({
    name: "fc-ens",
    task: "forecast",
    series: { id: "mackey-glass", points: 400 },
    forecast: { lookback: 10, horizon: 2, previewPoints: 5, ensemble: "mean" },
    model: { cell: "gru", hidden: 8 },
    training: { batch: 16, steps: 20, evalInterval: 10, learningRate: 0.01 },
    grid: { "training.seed": [1, 2] },
  }),
);

async function experiment(out: string, ...args: string[]): Promise<ExperimentSummary> {
  const result = await runCliProcess("experiment", [file, "--out", out, ...args]);
  assertEquals(result.code, 0, result.stderr);
  return JSON.parse(Deno.readTextFileSync(`${out}/summary.json`));
}

Deno.test("forecast.ensemble mean: --jobs 2, then shards + merge give the same ensemble", async () => {
  const parallel = await experiment(`${root}/parallel`, "--jobs", "2");
  assertEquals(parallel.runs.map((r) => [r.id, r.status]), [
    ["seed=1", "finished"],
    ["seed=2", "finished"],
  ]);
  for (const id of ["seed=1", "seed=2"]) {
    assert(Deno.statSync(`${root}/parallel/${id}/forecasts.json`).isFile);
  }
  assertEquals(parallel.ensemble, {
    method: "mean",
    groups: [{
      group: "(all)",
      runs: ["seed=1", "seed=2"],
      members: ["seed=1", "seed=2"],
      excluded: [],
    }],
  });
  const models = parallel.series![0].models;
  assertEquals(models.slice(0, 3).map((m) => [m.name, m.kind]), [
    ["seed=1", "neural"],
    ["seed=2", "neural"],
    ["gru-ens2", "ensemble"],
  ]);
  const ens = models[2];
  for (const metric of [ens.mae, ens.rmse, ens.mase, ens.smape, ens.owa]) {
    assert(Number.isFinite(metric), `${metric}`);
  }
  assertEquals(ens.intervals?.map((i) => i.level), [0.8, 0.95]);
  assert(ens.intervals!.every((i) => Number.isFinite(i.coverage) && Number.isFinite(i.msis)));
  assertEquals(typeof ens.beatsComb, "boolean");
  const report = Deno.readTextFileSync(`${root}/parallel/report.md`);
  assert(report.includes("Seed-group ensembles (`forecast.ensemble`: mean)"), report);
  assert(/\| gru-ens2 \| ensemble \|/.test(report));
  assert(/- gru-ens2: the mean forecast of seed=1 \(step \d+\), seed=2 \(step \d+\)/.test(report));
  assert(/\*\*Verdict[^\n]*gru-ens2 \(/.test(report));

  // Each shard trains one run in this process; merge forms the ensemble from both run folders.
  for (const i of [0, 1]) await experiment(`${root}/shard-${i}`, "--shard", `${i}/2`);
  const result = await runCliProcess("merge", [
    `${root}/merged`,
    `${root}/shard-0`,
    `${root}/shard-1`,
  ]);
  assertEquals(result.code, 0, result.stderr);
  const merged = JSON.parse(Deno.readTextFileSync(`${root}/merged/summary.json`));
  assertEquals(merged.ensemble, parallel.ensemble);
  assertEquals(merged.series, parallel.series);
  Deno.removeSync(root, { recursive: true });
});
