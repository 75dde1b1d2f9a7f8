/**
 * Task `forecast`: stacked recurrent cells read a window of `lookback` steps (every value column,
 * z-scored on train) and a linear head maps the last hidden state to all `horizon` future target
 * values at once (direct multi-step). Loss: MSE on z-scored targets. Evaluation adds the MAE in
 * original units; the summary adds test-split metrics next to the baselines'.
 * @module
 */
import * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../backend/read.ts";
import type { RecurrentModel } from "../models/model.ts";
import { mulberry32 } from "../_random.ts";
import {
  gatherWindows,
  invertZScore,
  loadPreparedSeries,
  type PreparedSeries,
  type SeriesSpec,
  type WindowSpec,
} from "../data/series/mod.ts";
import { type BaselineReport, evaluateBaselines, type ModelScore } from "../baselines/mod.ts";
import { forecastMetrics, mae } from "../metrics/forecast.ts";
import type { EvalMetrics, Task } from "./task.ts";

/** Windows per forward pass when predicting a whole split (bounds memory on long series). */
const EVAL_CHUNK = 1024;

/** Everything a forecast task is built from. */
export interface ForecastTaskOptions {
  model: RecurrentModel;
  prepared: PreparedSeries;
  /** The baselines of the same prepared series (test targets, MASE scale, baseline forecasts). */
  baselines: BaselineReport;
  batch: number;
  seed: number;
  /** Name of the neural model in the series table, e.g. the cell kind. */
  name: string;
  /** The run id, kept next to the name. */
  runId: string;
  /** Test points of forecast-vs-actual data in the summary. */
  previewPoints: number;
}

/** Forecast-vs-actual data on the start of the test split (first horizon step), for charts. */
export interface ForecastPreview {
  /** Time label of each predicted point. */
  times: string[];
  actual: number[];
  predicted: number[];
  /** Each baseline's forecast of the same points. */
  baselines: Record<string, number[]>;
}

/** What a forecast run adds to its summary entry, under `forecast`. */
export interface ForecastExtras {
  series: string;
  target: string;
  frequency: string;
  lookback: number;
  horizon: number;
  period: number;
  periodSource: string;
  maseScale: number;
  /** Windows per split (train strided). */
  windows: { train: number; val: number; test: number };
  /** This run's neural model on the test split (metrics null if it produced non-finite output). */
  model: NullableScore & { run: string };
  baselines: ModelScore[];
  preview: ForecastPreview;
}

/** A {@link ModelScore} whose metrics may be null (a diverged model). */
export type NullableScore =
  & Omit<ModelScore, "mae" | "rmse" | "mase" | "smape">
  & { [K in "mae" | "rmse" | "mase" | "smape"]: number | null };

/** Time-series forecasting on one prepared series. */
export class ForecastTask implements Task {
  readonly variables: Map<string, tf.Variable>;
  readonly itemsPerStep: number;
  private readonly random: () => number;
  private order: Int32Array;
  private cursor: number;

  constructor(readonly options: ForecastTaskOptions) {
    const { model, prepared, batch, seed } = options;
    this.variables = model.variables;
    this.itemsPerStep = batch * prepared.lookback;
    this.random = mulberry32(seed * 7877 + 13);
    this.order = Int32Array.from(prepared.origins.train);
    this.cursor = this.order.length; // shuffle on first use
  }

  trainLoss(): tf.Scalar {
    const { prepared, batch } = this.options;
    const origins = new Int32Array(batch);
    for (let b = 0; b < batch; b++) origins[b] = this.nextOrigin();
    const windows = gatherWindows(
      prepared.normalised,
      prepared.series.targetIndex,
      origins,
      prepared.lookback,
      prepared.horizon,
      prepared.relative,
    );
    const predicted = this.predict(tf.tensor3d(windows.inputs, windows.inputShape), true);
    return tf.losses.meanSquaredError(
      tf.tensor2d(windows.targets, windows.targetShape),
      predicted,
    ) as tf.Scalar;
  }

  afterStep(): void {}

  /** `valLoss`: MSE on z-scored targets; `valMae`, `valRmse`: original units. */
  async evaluate(): Promise<EvalMetrics> {
    const { prepared } = this.options;
    const { normalised, predicted } = await this.forecastSplit(prepared.origins.val);
    const targets = gatherWindows(
      prepared.normalised,
      prepared.series.targetIndex,
      prepared.origins.val,
      prepared.lookback,
      prepared.horizon,
    ).targets;
    let squares = 0;
    for (let i = 0; i < targets.length; i++) squares += (normalised[i] - targets[i]) ** 2;
    const valLoss = squares / targets.length;
    const actual = this.original(targets);
    return {
      valLoss,
      valMae: mae(actual, predicted),
      valRmse: Math.sqrt(valLoss) * prepared.scaler.std[prepared.series.targetIndex],
    };
  }

  /** Test-split metrics of the model and the baselines, and forecast-vs-actual preview data. */
  async summaryExtras(): Promise<{ forecast: ForecastExtras }> {
    const { prepared, baselines, name, runId, previewPoints } = this.options;
    const { predicted } = await this.forecastSplit(prepared.origins.test);
    const finite = predicted.every(Number.isFinite);
    const metrics = finite
      ? forecastMetrics(baselines.actual, predicted, baselines.seasonality.maseScale)
      : { mae: null, rmse: null, mase: null, smape: null };
    return {
      forecast: {
        ...seriesFacts(prepared, baselines),
        model: { name, kind: "neural", ...metrics, run: runId },
        baselines: baselines.baselines.map(({ predictions: _, ...score }) => score),
        preview: preview(prepared, baselines, predicted, previewPoints),
      },
    };
  }

  dispose(): void {}

  /** Model forecasts (z-scored `[B, H]`) for time-major inputs `[L, B, C]`. */
  private predict(inputs: tf.Tensor3D, training: boolean): tf.Tensor2D {
    const { model, prepared } = this.options;
    const [steps, batch] = inputs.shape;
    const out = model.forward(inputs, model.zeroState(batch), training);
    return tf.slice(out.outputs, [(steps - 1) * batch, 0], [batch, prepared.horizon]);
  }

  /** Forecasts for every window at `origins`: z-scored and in original units, flat `[N·H]`. */
  private async forecastSplit(
    origins: Int32Array,
  ): Promise<{ normalised: Float32Array; predicted: Float64Array }> {
    const { prepared } = this.options;
    const normalised = new Float32Array(origins.length * prepared.horizon);
    for (let start = 0; start < origins.length; start += EVAL_CHUNK) {
      const chunk = origins.subarray(start, start + EVAL_CHUNK);
      const windows = gatherWindows(
        prepared.normalised,
        prepared.series.targetIndex,
        chunk,
        prepared.lookback,
        prepared.horizon,
        prepared.relative,
      );
      const values = Float32Array.from(
        await readValues(
          tf.tidy(() => this.predict(tf.tensor3d(windows.inputs, windows.inputShape), false)),
        ),
      );
      // Back to levels: add each window's anchor (0 unless relative).
      for (let i = 0; i < values.length; i++) {
        values[i] += windows.anchors[Math.floor(i / prepared.horizon)];
      }
      normalised.set(values, start * prepared.horizon);
    }
    return { normalised, predicted: this.original(normalised) };
  }

  private original(normalised: ArrayLike<number>): Float64Array {
    const { prepared } = this.options;
    return invertZScore(normalised, prepared.scaler, prepared.series.targetIndex);
  }

  /** Training origins in seeded shuffled epochs. */
  private nextOrigin(): number {
    if (this.cursor >= this.order.length) {
      for (let i = this.order.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
      }
      this.cursor = 0;
    }
    return this.order[this.cursor++];
  }
}

/** The facts shared by every model of one prepared series. */
function seriesFacts(prepared: PreparedSeries, baselines: BaselineReport) {
  const { series, origins } = prepared;
  return {
    series: series.name,
    target: series.target,
    frequency: series.frequency,
    lookback: prepared.lookback,
    horizon: prepared.horizon,
    period: baselines.seasonality.period,
    periodSource: baselines.seasonality.source,
    maseScale: baselines.seasonality.maseScale,
    windows: { train: origins.train.length, val: origins.val.length, test: origins.test.length },
  };
}

/** The first `points` test windows' first-step forecasts next to the actual values. */
function preview(
  prepared: PreparedSeries,
  baselines: BaselineReport,
  predicted: Float64Array,
  points: number,
): ForecastPreview {
  const { horizon, origins, series } = prepared;
  const count = Math.min(points, origins.test.length);
  const firstStep = (flat: ArrayLike<number>) =>
    Array.from({ length: count }, (_, b) => round(flat[b * horizon]));
  return {
    times: Array.from({ length: count }, (_, b) => series.times[origins.test[b] + 1]),
    actual: firstStep(baselines.actual),
    predicted: firstStep(predicted),
    baselines: Object.fromEntries(
      baselines.baselines.map((b) => [b.name, firstStep(b.predictions)]),
    ),
  };
}

/** Six significant digits: enough for charts, small in summary.json. */
function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
}

/** One series in `summary.json`'s `series` list. */
export interface SeriesSummaryEntry {
  series: string;
  target: string;
  lookback: number;
  horizon: number;
  period: number;
  /** The baseline with the lowest test MAE. */
  bestBaseline: string;
  /** Neural models (one per run) first, then every baseline once. */
  models: (NullableScore & { run?: string; beatsBestBaseline?: boolean })[];
}

/** The part of a run's summary entry that {@link seriesSummary} reads. */
export interface ForecastRunEntry {
  forecast?: Pick<
    ForecastExtras,
    "series" | "target" | "lookback" | "horizon" | "period" | "model" | "baselines"
  >;
}

/**
 * Group forecast runs by series (and target, lookback, horizon) into `summary.json`'s `series`
 * list. Each neural model is named by its cell kind when that is unique within the series, else by
 * its run id, and flagged with whether its test MAE beats the best baseline's.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { seriesSummary } from "./forecast.ts";
 * const base = [{ name: "naive", kind: "baseline" as const, mae: 2, rmse: 2, mase: 1, smape: 5 }];
 * const forecast = (name: string, mae: number) => ({
 *   series: "co2", target: "CO2", lookback: 24, horizon: 12, period: 12, baselines: base,
 *   model: { name, kind: "neural" as const, mae, rmse: mae, mase: mae, smape: 1, run: name },
 * });
 * const runs = [{ forecast: forecast("rnn", 3) }, { forecast: forecast("lstm", 1) }];
 * const [entry] = seriesSummary(runs);
 * assert(entry.models.map((m) => m.name).join() === "rnn,lstm,naive");
 * assert(entry.models[1].beatsBestBaseline === true && entry.bestBaseline === "naive");
 * ```
 */
export function seriesSummary(runs: readonly ForecastRunEntry[]): SeriesSummaryEntry[] {
  type Forecast = NonNullable<ForecastRunEntry["forecast"]>;
  const groups = new Map<string, { first: Forecast; neural: Forecast["model"][] }>();
  for (const { forecast } of runs) {
    if (!forecast) continue;
    const { series, target, lookback, horizon } = forecast;
    const key = JSON.stringify([series, target, lookback, horizon]);
    const group = groups.get(key) ?? { first: forecast, neural: [] };
    group.neural.push(forecast.model);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ first, neural }) => {
    const best = bestOf(first.baselines);
    const names = neural.map((m) => m.name);
    const models = neural.map((m) => ({
      ...m,
      name: names.indexOf(m.name) === names.lastIndexOf(m.name) ? m.name : m.run,
      beatsBestBaseline: m.mae !== null && m.mae < best.mae,
    }));
    return { ...facts(first), bestBaseline: best.name, models: [...models, ...first.baselines] };
  });
}

function facts(f: Pick<ForecastExtras, "series" | "target" | "lookback" | "horizon" | "period">) {
  const { series, target, lookback, horizon, period } = f;
  return { series, target, lookback, horizon, period };
}

function bestOf(baselines: ModelScore[]): ModelScore {
  return baselines.reduce((best, b) => (b.mae < best.mae ? b : best));
}

/** The series and window settings of a forecast run (the `series` and `forecast` config keys). */
export interface ForecastDataConfig {
  series: SeriesSpec;
  forecast: WindowSpec & { movingAverage?: number };
}

/**
 * The baselines of one series configuration as a `series` entry without neural models, for
 * reports that list baselines once per series.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { forecastBaselines } from "./forecast.ts";
 * const entry = forecastBaselines({ series: { id: "sine-mix", points: 300 }, forecast: {} });
 * assert(entry.models.length === 4 && entry.models.every((m) => m.kind === "baseline"));
 * ```
 */
export function forecastBaselines(
  config: ForecastDataConfig,
  configFile?: string,
): SeriesSummaryEntry {
  const prepared = loadPreparedSeries(config.series, config.forecast, configFile);
  const report = evaluateBaselines(prepared, { movingAverage: config.forecast.movingAverage });
  const models = report.baselines.map(({ predictions: _, ...score }) => score);
  const best = bestOf(models);
  return { ...facts(seriesFacts(prepared, report)), bestBaseline: best.name, models };
}
