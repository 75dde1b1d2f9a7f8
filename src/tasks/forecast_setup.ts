/**
 * Setup of a `forecast` run: load, split, normalise and window the series and score the baselines
 * (once per series and window settings), then (on create) the model and the task.
 * @module
 */
import type { z } from "zod";
import type { experimentObject } from "../config/common.ts";
import type { MetaKey } from "../config/schema.ts";
import type { forecastShape } from "../config/tasks/forecast.ts";
import { evaluateBaselines } from "../baselines/mod.ts";
import { loadPreparedPanel } from "../data/series/mod.ts";
import { RecurrentModel } from "../models/model.ts";
import { type ForecastMember, ForecastTask } from "./forecast.ts";
import { builtRun, type PreparedRun, type SetupContext } from "./prepared.ts";

/** A resolved `forecast` run config. */
export type ForecastRunConfig = Omit<
  z.output<ReturnType<typeof experimentObject<typeof forecastShape>>>,
  MetaKey
>;

type SeriesData = ForecastMember[];

/**
 * Load (once per experiment and series settings) and check the series of a forecast run; every
 * bad input (columns, gaps, too short a series, bad period) fails here, before training starts.
 */
export function setupForecast(run: ForecastRunConfig, ctx: SetupContext): Promise<PreparedRun> {
  const { previewPoints: _, ensemble: __, ...windows } = run.forecast;
  const key = JSON.stringify(["forecast", run.series, windows]);
  let members = ctx.cache.get(key) as SeriesData | undefined;
  if (!members) {
    members = loadPreparedPanel(run.series, run.forecast, ctx.file).map((prepared) => ({
      prepared,
      baselines: evaluateBaselines(prepared, {
        movingAverage: run.forecast.movingAverage,
        arMaxLag: run.forecast.arMaxLag,
      }),
    }));
    ctx.cache.set(key, members);
  }
  const { prepared } = members[0];
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
        init: { scheme: run.model.init.scheme, forgetBias: run.model.forgetBias },
        seed: run.training.seed,
        implementation: run.implementation,
        name: ctx.runId,
      });
      const task = new ForecastTask({
        model,
        members,
        batch: run.training.batch,
        seed: run.training.seed,
        name: run.model.cell,
        runId: ctx.runId,
        previewPoints: run.forecast.previewPoints,
        checkpoint: run.evaluation.checkpoint,
        ensemble: run.forecast.ensemble,
      });
      return builtRun(task, model);
    },
  });
}
