/** Many series: one global model trained across them, each series scored on its own baselines. */
import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals } from "@std/assert";
import { useBackend } from "../../src/backend/mod.ts";
import { experimentObject } from "../../src/config/common.ts";
import { forecastShape } from "../../src/config/tasks/forecast.ts";
import { type ForecastExtras, ForecastTask, seriesSummary } from "../../src/tasks/forecast.ts";
import { type ForecastRunConfig, setupForecast } from "../../src/tasks/forecast_setup.ts";

const schema = experimentObject(forecastShape);

function panelConfig(): ForecastRunConfig {
  const { grid: _g, runs: _r, quick: _q, $schema: _s, ...run } = schema.parse({
    name: "t",
    task: "forecast",
    series: { id: "stocks" },
    forecast: { previewPoints: 5 },
    model: { cell: "lstm", hidden: 8 },
    training: { batch: 16, seed: 2 },
    implementation: "reference",
    backend: "cpu",
  });
  return run;
}

Deno.test("panel: global model over the five stocks, local baselines per series", async () => {
  await useBackend("cpu");
  const before = tf.memory().numTensors;
  const prepared = await setupForecast(panelConfig(), {
    file: "p.jsonc",
    runId: "lstm",
    cache: new Map(),
  });
  const built = prepared.create();
  const task = built.task as ForecastTask;
  // Batches mix series: every training window of every stock is in the epoch order.
  const first = await task.evaluate();
  const optimizer = tf.train.adam(0.01);
  for (let step = 0; step < 30; step++) {
    const { value, grads } = tf.variableGrads(() => task.trainLoss());
    optimizer.applyGradients(grads as Record<string, tf.Tensor> as never);
    tf.dispose([value, ...Object.values(grads)]);
  }
  const last = await task.evaluate();
  assert(last.valLoss < first.valLoss, `${first.valLoss} → ${last.valLoss}`);
  const { forecasts } = await task.summaryExtras() as { forecasts: ForecastExtras[] };
  assertEquals(forecasts.map((f) => f.series), [
    "stocks:MSFT",
    "stocks:AMZN",
    "stocks:IBM",
    "stocks:GOOG",
    "stocks:AAPL",
  ]);
  // GOOG starts in 2004: fewer windows than the others, its own baselines and MASE scale.
  const goog = forecasts[3], msft = forecasts[0];
  assert(goog.windows.test < msft.windows.test && goog.maseScale !== msft.maseScale);
  assert(forecasts.every((f) => f.model.name === "lstm" && f.baselines.length === 12));
  assert(forecasts.every((f) => f.smapeUndefined === null && typeof f.model.owa === "number"));
  const entries = seriesSummary([{ forecasts }]);
  assertEquals(entries.length, 5);
  assert(entries.every((e) => e.verdictMetric === "owa" && e.models[0].kind === "neural"));
  optimizer.dispose();
  built.dispose();
  assertEquals(tf.memory().numTensors, before, "no tensors left behind");
});
