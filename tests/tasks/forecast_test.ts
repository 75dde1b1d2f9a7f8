import * as tf from "@tensorflow/tfjs-core";
import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { RunSink } from "../../src/metrics/sink.ts";
import { runLoop } from "../../src/train/loop.ts";
import { FORECASTS_FILE, readForecastsFile } from "../../src/tasks/forecast_ensemble.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { experimentObject } from "../../src/config/common.ts";
import { forecastShape } from "../../src/config/tasks/forecast.ts";
import {
  forecastBaselines,
  type ForecastExtras,
  ForecastTask,
  seriesSummary,
} from "../../src/tasks/forecast.ts";
import { type ForecastRunConfig, setupForecast } from "../../src/tasks/forecast_setup.ts";
import { InputError } from "../../src/errors.ts";

const schema = experimentObject(forecastShape);

function runConfig(overrides: Record<string, unknown> = {}): ForecastRunConfig {
  const { grid: _g, runs: _r, quick: _q, $schema: _s, ...run } = schema.parse({
    name: "t",
    task: "forecast",
    series: { id: "sine-mix", points: 400 },
    forecast: { lookback: 12, horizon: 3, previewPoints: 10 },
    model: { cell: "gru", hidden: 8 },
    training: { batch: 16, seed: 3 },
    implementation: "reference",
    backend: "cpu",
    ...overrides,
  });
  return run;
}

Deno.test("config: forecast variant parses with defaults and rejects bad keys", () => {
  const run = runConfig();
  assertEquals(run.forecast.stride, 1);
  assertEquals(run.forecast.split, [0.7, 0.15, 0.15]);
  assertEquals(schema.parse({ name: "t", task: "forecast" }).series.id, "us-births");
  assertEquals(
    schema.safeParse({ name: "t", task: "forecast", series: { id: "co2", path: "x" } }).success,
    false,
  );
  assertEquals(
    schema.safeParse({ name: "t", task: "forecast", forecast: { horizon: 0 } }).success,
    false,
  );
  assertEquals(
    schema.safeParse({ name: "t", task: "forecast", series: { missing: "zero" } }).success,
    false,
  );
  assertEquals(
    schema.safeParse({ name: "t", task: "forecast", forecast: { split: [0.5, 0.1, 0.1] } }).success,
    false,
  );
});

Deno.test("forecast task: trains, evaluates in original units, scores test split", async () => {
  await useBackend("cpu");
  const before = tf.memory().numTensors;
  const prepared = await setupForecast(runConfig(), {
    file: "t.jsonc",
    runId: "sine-gru",
    cache: new Map(),
  });
  const built = prepared.create();
  const task = built.task as ForecastTask;
  assertEquals(task instanceof ForecastTask, true);
  assertEquals([...task.variables.keys()], [
    "layer0/wx",
    "layer0/wh",
    "layer0/bx",
    "layer0/bh",
    "head/w",
    "head/b",
  ]);
  assertEquals(task.variables.get("head/w")!.shape, [8, 3]);
  assertEquals(task.itemsPerStep, 16 * 12);
  const first = await task.evaluate();
  const optimizer = tf.train.adam(0.02);
  for (let step = 0; step < 40; step++) {
    const { value, grads } = tf.variableGrads(() => task.trainLoss());
    optimizer.applyGradients(grads as Record<string, tf.Tensor> as never);
    task.afterStep();
    tf.dispose([value, ...Object.values(grads)]);
  }
  const last = await task.evaluate();
  assertEquals(Object.keys(last).sort(), ["valLoss", "valMae", "valRmse"]);
  assertEquals(last.valLoss < first.valLoss, true, `${first.valLoss} → ${last.valLoss}`);
  // The loop scores a checkpoint (its weights loaded) through evaluateScored: the summary's test
  // scores are of those weights and name them, even after the weights change again.
  const scored = await task.evaluateScored({ checkpoint: "best", step: 40 });
  assertEquals(scored, last, "evaluateScored: the validation metrics of the scored weights");
  tf.tidy(() => {
    for (const v of task.variables.values()) v.assign(tf.add(v, 0.5));
  });
  const { forecast } = await task.summaryExtras() as { forecast: ForecastExtras };
  assertEquals(forecast.model.scored, { checkpoint: "best", step: 40, valLoss: last.valLoss });
  assertEquals(forecast.ensemble, "none");
  assertEquals(await task.runFiles(), {}, "no forecasts file without forecast.ensemble");
  assertEquals([forecast.series, forecast.horizon, forecast.lookback, forecast.period], [
    "sine-mix",
    3,
    12,
    12,
  ]);
  assertEquals(forecast.model.name, "gru");
  assertEquals(forecast.model.kind, "neural");
  assertEquals(typeof forecast.model.mase, "number");
  assertEquals(forecast.baselines.map((b) => b.name), [
    "naive",
    "seasonal-naive",
    "moving-average",
    "linear-ar",
    "naive2",
    "ses",
    "holt",
    "damped-holt",
    "comb",
    "theta",
    "ar-aic",
    "ets",
  ]);
  // sine-mix crosses zero: sMAPE and OWA are null with the reason; intervals for every model.
  assertEquals([forecast.model.smape, forecast.model.owa], [null, null]);
  assertEquals(forecast.smapeUndefined?.startsWith("the series is not strictly positive"), true);
  assertEquals(forecast.model.intervals?.map((i) => i.level), [0.8, 0.95]);
  assertEquals(forecast.preview.bands?.["0.95"].lower.length, 10);
  assertEquals(forecast.preview.actual.length, 10);
  assertEquals(forecast.preview.predicted.length, 10);
  assertEquals(forecast.preview.times[0], String(400 - 60)); // first test target
  assertEquals(forecast.windows.test, 60 - 3 + 1);
  optimizer.dispose();
  built.dispose();
  assertEquals(tf.memory().numTensors, before, "no tensors left behind");
});

Deno.test("forecast through the loop: scored at the loop's best eval, early stopping, weight decay", async () => {
  await useBackend("cpu");
  const before = tf.memory().numTensors;
  const config = runConfig({
    forecast: { lookback: 12, horizon: 3, previewPoints: 10, ensemble: "mean" },
    training: {
      batch: 16,
      seed: 3,
      steps: 400,
      evalInterval: 10,
      learningRate: 0.05,
      earlyStopping: { patience: 3 },
      weightDecay: 0.01,
    },
  });
  const ctx = { file: "t.jsonc", runId: "gru-seed=3", cache: new Map() };
  const built = (await setupForecast(config, ctx)).create();
  const dir = Deno.makeTempDirSync();
  const quiet = { update() {} };
  const spec = { ...config.training, scoredCheckpoint: "best" as const };
  const outcome = await runLoop(built.task, spec, new RunSink(dir), quiet, { interrupted: false });
  Deno.removeSync(dir, { recursive: true });
  // Early stopping ended the run after `patience` evals without a new best: the best is earlier.
  assertEquals(outcome.reason?.startsWith("early stop"), true, outcome.reason);
  const best = outcome.evals.reduce((a, e) => (e.valLoss < a.valLoss ? e : a));
  assertEquals(best.step < outcome.steps, true);
  assertEquals([outcome.scored?.checkpoint, outcome.scored?.step], ["best", best.step]);
  assertEquals(outcome.scored?.metrics.valLoss, best.valLoss, "the best eval's weights, restored");
  const { forecast } = await built.task.summaryExtras!() as { forecast: ForecastExtras };
  assertEquals(forecast.model.scored, {
    checkpoint: "best",
    step: best.step,
    valLoss: best.valLoss,
  });
  // forecast.ensemble "mean": the run keeps the scored forecasts its summary entry was scored on.
  const files = await built.task.runFiles!();
  const [kept] = readForecastsFile(files[FORECASTS_FILE])!;
  let absolute = 0;
  for (let i = 0; i < kept.test.length; i++) absolute += Math.abs(kept.test[i] - kept.actual[i]);
  assertEquals(kept.test.length, forecast.windows.test * 3);
  assertEquals(kept.val.length, forecast.windows.val * 3);
  assertAlmostEquals(absolute / kept.test.length, forecast.model.mae!, 1e-9);
  built.dispose();
  assertEquals(tf.memory().numTensors, before, "no tensors left behind");
});

Deno.test("forecast: a run the loop did not score is scored with its final weights, and says so", async () => {
  await useBackend("cpu");
  const built = (await setupForecast(runConfig(), { file: "t", runId: "r", cache: new Map() }))
    .create();
  const task = built.task as ForecastTask;
  const { valLoss } = await task.evaluate();
  task.onEval(10);
  const { forecast } = await task.summaryExtras() as { forecast: ForecastExtras };
  const { note, ...scored } = forecast.model.scored;
  assertEquals(scored, { checkpoint: "last", step: 10, valLoss });
  assertEquals(note?.startsWith("not scored at the best checkpoint by the training loop"), true);
  built.dispose();
});

Deno.test("forecast setup: bad input fails before training, naming the config file", async () => {
  const ctx = { file: "exp.jsonc", runId: "r", cache: new Map() };
  const tooLong = runConfig({ forecast: { lookback: 300, horizon: 1 } });
  await assertRejects(
    () => setupForecast(tooLong, ctx),
    'exp.jsonc: series "sine-mix": 400 points are too few',
  );
  const badColumn = runConfig({ series: { id: "co2", target: "CO3" } });
  await assertRejects(() => setupForecast(badColumn, ctx), 'column "CO3" is not in the header');
  const badPeriod = runConfig({ series: { id: "sine-mix", points: 400, period: 399 } });
  await assertRejects(() => setupForecast(badPeriod, ctx), "exp.jsonc: series.period");
});

async function assertRejects(fn: () => Promise<unknown>, fragment: string) {
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  assertEquals(error instanceof InputError, true, String(error));
  assertEquals((error as Error).message.includes(fragment), true, (error as Error).message);
}

Deno.test("seriesSummary: one entry per series, neural models then baselines, beat flag", () => {
  const score = { owa: null, intervals: [] };
  const baselines = [
    { name: "naive", kind: "baseline" as const, mae: 2, rmse: 2, mase: 1, smape: 5, ...score },
    {
      name: "linear-ar",
      kind: "baseline" as const,
      mae: 1.5,
      rmse: 2,
      mase: 0.75,
      smape: 4,
      ...score,
    },
  ];
  const run = (series: string, name: string, mae: number | null) => ({
    forecast: {
      series,
      target: "y",
      lookback: 8,
      horizon: 1,
      period: 1,
      baselines,
      smapeUndefined: null,
      adjustment: { kind: "none", reason: "no seasonal period" },
      model: {
        name,
        kind: "neural" as const,
        mae,
        rmse: mae,
        mase: mae,
        smape: mae,
        owa: null,
        intervals: null,
        run: `${series}-${name}`,
        scored: { checkpoint: "best" as const, step: 100, valLoss: 0.5 },
      },
    },
  });
  const entries = seriesSummary([
    run("a", "rnn", 1.6),
    run("a", "lstm", 1.2),
    run("b", "lstm", null),
    {},
  ]);
  assertEquals(entries.map((e) => e.series), ["a", "b"]);
  assertEquals(entries[0].models.map((m) => [m.name, m.kind]), [
    ["rnn", "neural"],
    ["lstm", "neural"],
    ["naive", "baseline"],
    ["linear-ar", "baseline"],
  ]);
  assertEquals(entries[0].bestBaseline, "linear-ar");
  assertEquals(entries[0].models.map((m) => m.beatsBestBaseline), [
    false,
    true,
    undefined,
    undefined,
  ]);
  assertEquals(entries[1].models[0].beatsBestBaseline, false);
  // Two runs with the same cell on one series: named by run id.
  const twice = seriesSummary([run("a", "rnn", 1), {
    forecast: {
      ...run("a", "rnn", 2).forecast,
      model: { ...run("a", "rnn", 2).forecast.model, run: "a-rnn-h64" },
    },
  }]);
  assertEquals(twice[0].models.slice(0, 2).map((m) => m.name), ["a-rnn", "a-rnn-h64"]);
});

Deno.test("forecastBaselines: baseline entry for a series config", () => {
  const entry = forecastBaselines({
    series: { id: "mackey-glass", points: 600 },
    forecast: { horizon: 2 },
  });
  assertEquals([entry.series, entry.lookback, entry.horizon], ["mackey-glass", 30, 2]);
  assertEquals(entry.models.map((m) => m.name), [
    "naive",
    "seasonal-naive",
    "moving-average",
    "linear-ar",
    "naive2",
    "ses",
    "holt",
    "damped-holt",
    "comb",
    "theta",
    "ar-aic",
    "ets",
  ]);
  const naive2 = entry.models.find((m) => m.name === "naive2")!;
  assertEquals([naive2.owa, entry.verdictMetric, entry.smapeUndefined], [1, "owa", null]);
  assertThrows(() => forecastBaselines({ series: { id: "nope" }, forecast: {} }), InputError);
});
