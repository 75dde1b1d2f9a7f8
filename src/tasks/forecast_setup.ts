/**
 * Setup of a `forecast` run: load, split, normalise and window the series and score the baselines
 * (once per series and window settings), then (on create) the model and the task.
 * @module
 */
import type { z } from "zod";
import type { experimentObject } from "../config/common.ts";
import type { MetaKey } from "../config/schema.ts";
import type { forecastShape } from "../config/tasks/forecast.ts";
import { type BaselineReport, evaluateBaselines } from "../baselines/mod.ts";
import { loadPreparedSeries, type PreparedSeries } from "../data/series/mod.ts";
import { RecurrentModel } from "../models/model.ts";
import { ForecastTask } from "./forecast.ts";
import { builtRun, type PreparedRun, type SetupContext } from "./prepared.ts";

/** A resolved `forecast` run config. */
export type ForecastRunConfig = Omit<
  z.output<ReturnType<typeof experimentObject<typeof forecastShape>>>,
  MetaKey
>;

interface SeriesData {
  prepared: PreparedSeries;
  baselines: BaselineReport;
}

/**
 * Load (once per experiment and series settings) and check the series of a forecast run; every
 * bad input (columns, gaps, too short a series, bad period) fails here, before training starts.
 */
export function setupForecast(run: ForecastRunConfig, ctx: SetupContext): Promise<PreparedRun> {
  const { previewPoints: _, ...windows } = run.forecast;
  const key = JSON.stringify(["forecast", run.series, windows]);
  let data = ctx.cache.get(key) as SeriesData | undefined;
  if (!data) {
    const prepared = loadPreparedSeries(run.series, run.forecast, ctx.file);
    const baselines = evaluateBaselines(prepared, {
      movingAverage: run.forecast.movingAverage,
      arMaxLag: run.forecast.arMaxLag,
    });
    data = { prepared, baselines };
    ctx.cache.set(key, data);
  }
  const { prepared, baselines } = data;
  return Promise.resolve({
    create() {
      const inputSize = prepared.series.columns.length;
      const model = new RecurrentModel({
        cell: run.model.cell,
        hidden: run.model.hidden,
        layers: run.model.layers,
        inputSize,
        outputSize: prepared.horizon,
        dropout: run.model.dropout,
        seed: run.training.seed,
        implementation: run.implementation,
        name: ctx.runId,
      });
      const task = new ForecastTask({
        model,
        prepared,
        baselines,
        batch: run.training.batch,
        seed: run.training.seed,
        name: run.model.cell,
        runId: ctx.runId,
        previewPoints: run.forecast.previewPoints,
        checkpoint: run.evaluation.checkpoint,
      });
      return builtRun(task, model);
    },
  });
}
