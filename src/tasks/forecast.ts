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
import {
  type BaselineReport,
  evaluateBaselines,
  type ModelScore,
  scoreForecast,
} from "../baselines/mod.ts";
import type { IntervalScore } from "../metrics/conformal.ts";
import type { EvalMetrics, ScoredAt, Task } from "./task.ts";
import {
  type EnsembleFacts,
  FORECASTS_FILE,
  forecastsFile,
  type RunFileReader,
  seedEnsembles,
  type SeriesEnsemble,
} from "./forecast_ensemble.ts";

/** Windows per forward pass when predicting a whole split (bounds memory on long series). */
const EVAL_CHUNK = 1024;

/** Everything a forecast task is built from. */
export interface ForecastTaskOptions {
  model: RecurrentModel;
  /** One series: its prepared data… */
  prepared?: PreparedSeries;
  /** …and its baselines (test targets, MASE scale, baseline forecasts). */
  baselines?: BaselineReport;
  /** Many series for one global model (instead of `prepared` and `baselines`). */
  members?: ForecastMember[];
  batch: number;
  seed: number;
  /** Name of the neural model in the series table, e.g. the cell kind. */
  name: string;
  /** The run id, kept next to the name. */
  runId: string;
  /** Test points of forecast-vs-actual data in the summary. */
  previewPoints: number;
  /** Which weights the test split is scored with (`evaluation.checkpoint`; default best). */
  checkpoint?: "best" | "last";
  /**
   * `forecast.ensemble` (default none): with `mean`, the run keeps its per-window forecasts in its
   * folder ({@link FORECASTS_FILE}) for its seed group's mean forecast.
   */
  ensemble?: "none" | "mean";
}

/** Which weights a run's test metrics come from. */
export interface ScoredCheckpoint {
  checkpoint: "best" | "last";
  /** The step of those weights (null if the task was evaluated outside the loop). */
  step: number | null;
  /** Their validation loss. */
  valLoss: number | null;
  /** Set where `best` was asked for but could not be used. */
  note?: string;
}

/** Forecast-vs-actual data on the start of the test split (first horizon step), for charts. */
export interface ForecastPreview {
  /** Time label of each predicted point. */
  times: string[];
  actual: number[];
  predicted: number[];
  /** Each baseline's forecast of the same points. */
  baselines: Record<string, number[]>;
  /** The neural model's conformal intervals around `predicted`, by level (e.g. `"0.95"`). */
  bands?: Record<string, { lower: number[]; upper: number[] }>;
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
  /** The M4 seasonal adjustment the statistical baselines use, and why. */
  adjustment: { kind: string; reason: string };
  /** Why sMAPE and OWA are null on this series, or null. */
  smapeUndefined: string | null;
  /** ar-aic's order cap. */
  arMaxLag: number;
  /** Windows per split (train strided). */
  windows: { train: number; val: number; test: number };
  /** This run's neural model on the test split (metrics null if it produced non-finite output). */
  model: NullableScore & { run: string; scored: ScoredCheckpoint };
  /** `forecast.ensemble`: whether the run's seed group also gets a mean-forecast model. */
  ensemble: "none" | "mean";
  baselines: ModelScore[];
  preview: ForecastPreview;
}

/** A {@link ModelScore} whose metrics may be null (a diverged model). */
export type NullableScore =
  & Omit<ModelScore, "mae" | "rmse" | "mase" | "smape" | "owa" | "intervals">
  & { [K in "mae" | "rmse" | "mase" | "smape" | "owa"]: number | null }
  & { intervals: IntervalScore[] | null };

/** One series of a forecast task: its prepared data and its baselines. */
export interface ForecastMember {
  prepared: PreparedSeries;
  baselines: BaselineReport;
}

/**
 * Time-series forecasting on one prepared series, or on many with one global model: training
 * batches mix windows of every series (each z-scored on its own training part); each series is
 * scored against its own local baselines.
 */
export class ForecastTask implements Task {
  readonly variables: Map<string, tf.Variable>;
  readonly itemsPerStep: number;
  private readonly members: ForecastMember[];
  private readonly random: () => number;
  /** Training windows as (member, origin) pairs, shuffled each epoch. */
  private order: { member: number; origin: number }[];
  private cursor: number;
  /** The last periodic eval, for a run the loop did not score. */
  private lastEval: { step: number | null; valLoss: number } | null = null;
  /**
   * Each series' test scores at the weights the loop scored ({@link ForecastTask.evaluateScored}),
   * or, if it scored none, at the final ones; with the forecasts behind them.
   */
  private scored: ScoredSeries[] | null = null;

  constructor(readonly options: ForecastTaskOptions) {
    const { model, batch, seed } = options;
    this.members = options.members ??
      [{ prepared: options.prepared!, baselines: options.baselines! }];
    this.variables = model.variables;
    this.itemsPerStep = batch * this.members[0].prepared.lookback;
    this.random = mulberry32(seed * 7877 + 13);
    this.order = this.members.flatMap((m, member) =>
      Array.from(m.prepared.origins.train, (origin) => ({ member, origin }))
    );
    this.cursor = this.order.length; // shuffle on first use
  }

  trainLoss(): tf.Scalar {
    const { batch } = this.options;
    const byMember = this.members.map(() => [] as number[]);
    for (let b = 0; b < batch; b++) {
      const { member, origin } = this.nextWindow();
      byMember[member].push(origin);
    }
    const parts = this.members.flatMap(({ prepared }, m) =>
      byMember[m].length ? [windowsOf(prepared, Int32Array.from(byMember[m]))] : []
    );
    const inputs = tf.concat(parts.map((w) => tf.tensor3d(w.inputs, w.inputShape)), 1);
    const targets = tf.concat(parts.map((w) => tf.tensor2d(w.targets, w.targetShape)), 0);
    const predicted = this.predict(inputs as tf.Tensor3D, true);
    return tf.losses.meanSquaredError(targets, predicted) as tf.Scalar;
  }

  afterStep(): void {}

  /** The loop tells the step of the eval that just ran (named if the run is not scored). */
  onEval(step: number): undefined {
    if (this.lastEval) this.lastEval.step = step;
    return undefined;
  }

  /**
   * `valLoss`: MSE on z-scored targets over every validation window of every series; `valMae`,
   * `valRmse`: original units (pooled over the series' windows).
   */
  async evaluate(): Promise<EvalMetrics> {
    const { metrics } = await this.validation();
    this.lastEval = { step: null, valLoss: metrics.valLoss };
    return metrics;
  }

  /**
   * The checkpoint the loop scores (`evaluation.checkpoint`; the loop has loaded its weights):
   * the validation metrics of {@link ForecastTask.evaluate}, and, kept for the summary, every
   * series' test-split scores at these weights.
   */
  async evaluateScored(at: ScoredAt): Promise<EvalMetrics> {
    const { metrics, predicted } = await this.validation();
    const scored = { checkpoint: at.checkpoint, step: at.step, valLoss: metrics.valLoss };
    this.scored = await this.scoreSeries(scored, predicted);
    return metrics;
  }

  /**
   * Test-split metrics of the model and the baselines, and forecast-vs-actual preview data:
   * `forecast` for one series, `forecasts` (one per series) for many. They are those of the
   * checkpoint the loop scored; a run the loop did not score (it did not finish, or measured no
   * finite validation loss) is scored with its final weights, and says so.
   */
  async summaryExtras(): Promise<{ forecast: ForecastExtras } | { forecasts: ForecastExtras[] }> {
    const entries = (await this.scoredSeries()).map((s) => s.extras);
    return this.members.length === 1 ? { forecast: entries[0] } : { forecasts: entries };
  }

  /**
   * With `forecast.ensemble: "mean"`, {@link FORECASTS_FILE}: the scored forecasts of every
   * validation and test window (original units) and their targets, from which the experiment's
   * summary forms each seed group's mean forecast; nothing otherwise.
   */
  async runFiles(): Promise<Record<string, string>> {
    if ((this.options.ensemble ?? "none") === "none") return {};
    const series = (await this.scoredSeries()).map(({ extras, test, val, member }) => ({
      series: extras.series,
      target: extras.target,
      lookback: extras.lookback,
      horizon: extras.horizon,
      test,
      val,
      actual: member.baselines.actual,
      valActual: member.baselines.valActual,
    }));
    return { [FORECASTS_FILE]: forecastsFile(this.options.runId, series) };
  }

  dispose(): void {}

  private async scoredSeries(): Promise<ScoredSeries[]> {
    if (this.scored) return this.scored;
    const wanted = this.options.checkpoint ?? "best";
    return this.scored = await this.scoreSeries({
      checkpoint: "last",
      step: this.lastEval?.step ?? null,
      valLoss: this.lastEval?.valLoss ?? null,
      note: `not scored at the ${wanted} checkpoint by the training loop (the run did not ` +
        "finish, or measured no finite validation loss): its final weights",
    });
  }

  /** Every series' test scores at the current weights (validation forecasts reused if given). */
  private async scoreSeries(
    scored: ScoredCheckpoint,
    valForecasts?: Float64Array[],
  ): Promise<ScoredSeries[]> {
    const out: ScoredSeries[] = [];
    for (const [m, member] of this.members.entries()) {
      const test = (await this.forecastSplit(member, "test")).predicted;
      const val = valForecasts?.[m] ?? (await this.forecastSplit(member, "val")).predicted;
      out.push({ extras: this.memberExtras(member, scored, test, val), test, val, member });
    }
    return out;
  }

  private memberExtras(
    member: ForecastMember,
    scored: ScoredCheckpoint,
    predicted: Float64Array,
    valPredicted: Float64Array,
  ): ForecastExtras {
    const { name, runId, previewPoints } = this.options;
    const { prepared, baselines } = member;
    const finite = predicted.every(Number.isFinite) && valPredicted.every(Number.isFinite);
    const metrics = finite
      ? scoreForecast(baselines, predicted, valPredicted)
      : { mae: null, rmse: null, mase: null, smape: null, owa: null, intervals: null };
    return {
      ...seriesFacts(prepared, baselines),
      model: { name, kind: "neural", ...metrics, run: runId, scored },
      ensemble: this.options.ensemble ?? "none",
      baselines: baselineScores(baselines),
      preview: preview(prepared, baselines, predicted, previewPoints, metrics.intervals),
    };
  }

  /** Validation metrics (see {@link ForecastTask.evaluate}) and each series' forecasts. */
  private async validation(): Promise<{ metrics: EvalMetrics; predicted: Float64Array[] }> {
    let squares = 0, count = 0, absolute = 0, squaredOriginal = 0;
    const forecasts: Float64Array[] = [];
    for (const member of this.members) {
      const { normalised, predicted } = await this.forecastSplit(member, "val");
      const targets = windowsOf(member.prepared, member.prepared.origins.val, false).targets;
      const actual = member.baselines.valActual;
      for (let i = 0; i < targets.length; i++) {
        squares += (normalised[i] - targets[i]) ** 2;
        absolute += Math.abs(predicted[i] - actual[i]);
        squaredOriginal += (predicted[i] - actual[i]) ** 2;
      }
      count += targets.length;
      forecasts.push(predicted);
    }
    const valLoss = squares / count;
    const metrics = {
      valLoss,
      valMae: absolute / count,
      valRmse: Math.sqrt(squaredOriginal / count),
    };
    return { metrics, predicted: forecasts };
  }

  /** Model forecasts (z-scored `[B, H]`) for time-major inputs `[L, B, C]`. */
  private predict(inputs: tf.Tensor3D, training: boolean): tf.Tensor2D {
    const { model } = this.options;
    const [steps, batch] = inputs.shape;
    const out = model.forward(inputs, model.zeroState(batch), training);
    const horizon = this.members[0].prepared.horizon;
    return tf.slice(out.outputs, [(steps - 1) * batch, 0], [batch, horizon]);
  }

  /** Forecasts for every window of a split: z-scored and in original units, flat `[N·H]`. */
  private async forecastSplit(
    { prepared }: ForecastMember,
    split: "val" | "test",
  ): Promise<{ normalised: Float32Array; predicted: Float64Array }> {
    const origins = prepared.origins[split];
    const normalised = new Float32Array(origins.length * prepared.horizon);
    for (let start = 0; start < origins.length; start += EVAL_CHUNK) {
      const windows = windowsOf(prepared, origins.subarray(start, start + EVAL_CHUNK));
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
    const predicted = invertZScore(normalised, prepared.scaler, prepared.series.targetIndex);
    return { normalised, predicted };
  }

  /** Training windows in seeded shuffled epochs over every series. */
  private nextWindow(): { member: number; origin: number } {
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

/** One series' scores at the scored weights, with the forecasts behind them. */
interface ScoredSeries {
  extras: ForecastExtras;
  /** Test and validation forecasts, flat `[windows × horizon]`, original units. */
  test: Float64Array;
  val: Float64Array;
  member: ForecastMember;
}

/** The windows of a prepared series at `origins` (relative as configured, unless told not). */
function windowsOf(prepared: PreparedSeries, origins: Int32Array, relative = prepared.relative) {
  return gatherWindows(
    prepared.normalised,
    prepared.series.targetIndex,
    origins,
    prepared.lookback,
    prepared.horizon,
    relative,
  );
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
    adjustment: { kind: baselines.adjustment.kind, reason: baselines.adjustment.reason },
    smapeUndefined: baselines.smapeUndefined,
    arMaxLag: baselines.arMaxLag,
    windows: { train: origins.train.length, val: origins.val.length, test: origins.test.length },
  };
}

/** The baselines' scores without their forecasts (summary.json stays small). */
function baselineScores(report: BaselineReport): ModelScore[] {
  return report.baselines.map(({ predictions: _, valPredictions: __, ...score }) => score);
}

/** The first `points` test windows' first-step forecasts next to the actual values. */
function preview(
  prepared: PreparedSeries,
  baselines: BaselineReport,
  predicted: Float64Array,
  points: number,
  intervals: IntervalScore[] | null,
): ForecastPreview {
  const { horizon, origins, series } = prepared;
  const count = Math.min(points, origins.test.length);
  const firstStep = (flat: ArrayLike<number>) =>
    Array.from({ length: count }, (_, b) => round(flat[b * horizon]));
  const first = firstStep(predicted);
  const bands = intervals && Object.fromEntries(intervals.map((i) => [String(i.level), {
    lower: first.map((v) => round(v - i.halfWidths[0])),
    upper: first.map((v) => round(v + i.halfWidths[0])),
  }]));
  return {
    ...(bands ? { bands } : {}),
    times: Array.from({ length: count }, (_, b) => series.times[origins.test[b] + 1]),
    actual: firstStep(baselines.actual),
    predicted: first,
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
  /** The statistical baseline with the lowest {@link SeriesSummaryEntry.verdictMetric}. */
  bestStatistical: string;
  /** What the verdict compares: the M4's OWA, or MASE where sMAPE is undefined. */
  verdictMetric: "owa" | "mase";
  /** Why sMAPE and OWA are null on this series, or null. */
  smapeUndefined: string | null;
  /** The M4 seasonal adjustment of the statistical baselines, and why. */
  adjustment: { kind: string; reason: string };
  /** Neural models (one per run) first, then seed-group ensembles, then every baseline once. */
  models: (NullableScore & {
    run?: string;
    /** Ensembles: the seed group and the runs whose forecasts were averaged. */
    group?: string;
    members?: string[];
    /** Neural models: the weights the test split was scored with. */
    scored?: ScoredCheckpoint;
    beatsBestBaseline?: boolean;
    beatsBestStatistical?: boolean;
    beatsComb?: boolean;
  })[];
}

/** The part of a run's summary entry that {@link seriesSummary} reads. */
export interface ForecastRunEntry {
  /** The run's id and status (read by the ensembles). */
  id?: string;
  status?: string;
  /** A one-series run. */
  forecast?: RunForecast;
  /** A many-series run (one global model): one entry per series. */
  forecasts?: RunForecast[];
}

/** What {@link seriesSummary} reads of one series of a run. */
export type RunForecast =
  & Pick<
    ForecastExtras,
    | "series"
    | "target"
    | "lookback"
    | "horizon"
    | "period"
    | "model"
    | "baselines"
    | "smapeUndefined"
    | "adjustment"
  >
  & Partial<Pick<ForecastExtras, "maseScale" | "ensemble">>;

/**
 * Group forecast runs by series (and target, lookback, horizon) into `summary.json`'s `series`
 * list. Each neural model is named by its cell kind when that is unique within the series, else by
 * its run id, and flagged with whether it beats the best baseline (test MAE), the best statistical
 * baseline and `comb` (OWA, or MASE where sMAPE is undefined).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { seriesSummary } from "./forecast.ts";
 * const score = (name: string, mae: number, family?: "statistical") => ({
 *   name, kind: "baseline" as const, mae, rmse: mae, mase: mae, smape: 5, owa: mae, intervals: [],
 *   family,
 * });
 * const base = [score("naive", 2), score("naive2", 1.9, "statistical"), score("comb", 1.5, "statistical")];
 * const forecast = (name: string, mae: number) => ({
 *   series: "co2", target: "CO2", lookback: 24, horizon: 12, period: 12, baselines: base,
 *   smapeUndefined: null, adjustment: { kind: "none", reason: "" },
 *   model: {
 *     ...score(name, mae), kind: "neural" as const, run: name,
 *     scored: { checkpoint: "best" as const, step: 90, valLoss: 0.1 },
 *   },
 * });
 * const runs = [{ forecast: forecast("rnn", 1.8) }, { forecast: forecast("lstm", 1) }];
 * const [entry] = seriesSummary(runs);
 * assert(entry.models.map((m) => m.name).join() === "rnn,lstm,naive,naive2,comb");
 * assert(entry.bestStatistical === "comb" && entry.models[1].beatsBestBaseline === true);
 * assert(entry.models[0].beatsComb === false && entry.models[1].beatsComb === true);
 * ```
 */
export function seriesSummary(
  runs: readonly ForecastRunEntry[],
  ensembles: readonly SeriesEnsemble[] = [],
): SeriesSummaryEntry[] {
  const groups = new Map<string, { first: RunForecast; neural: RunForecast["model"][] }>();
  for (const run of runs) {
    for (const forecast of [...(run.forecast ? [run.forecast] : []), ...(run.forecasts ?? [])]) {
      addTo(groups, forecast);
    }
  }
  return [...groups.values()].map(({ first, neural }) => {
    const verdict = verdictOf(first);
    const names = neural.map((m) => m.name);
    const metric = (m: NullableScore) => m[verdict.metric];
    const beats = (m: NullableScore, other: ModelScore | undefined) =>
      other === undefined ? undefined : metric(m) !== null && metric(m)! < metric(other)!;
    const flags = (m: NullableScore) => ({
      beatsBestBaseline: m.mae !== null && m.mae < verdict.best.mae,
      beatsBestStatistical: beats(m, verdict.bestStatistical),
      beatsComb: beats(m, verdict.comb),
    });
    const models = neural.map((m) => ({
      ...m,
      name: names.indexOf(m.name) === names.lastIndexOf(m.name) ? m.name : m.run,
      ...flags(m),
    }));
    const ours = ensembles.filter((e) => seriesKeyOf(e) === seriesKeyOf(first)).map((e) => e.model);
    const ensembleNames = ours.map((m) => m.name);
    const ensembleModels = ours.map((m) => ({
      ...m,
      // Two groups of one cell on this series (e.g. two widths): named by their group.
      name: ensembleNames.indexOf(m.name) === ensembleNames.lastIndexOf(m.name)
        ? m.name
        : `${m.group}-${m.name.replace(/^.*-(ens\d+)$/, "$1")}`,
      ...flags(m),
    }));
    return {
      ...facts(first),
      ...verdict.facts,
      models: [...models, ...ensembleModels, ...first.baselines],
    };
  });
}

/**
 * `summary.json`'s forecast entries: the `series` list ({@link seriesSummary}) with each seed
 * group's ensemble where the runs ask for one (`forecast.ensemble`), and `ensemble`, which runs
 * each was averaged over. `read` reads a file of a run's folder (the ensembles' forecasts).
 */
export function forecastSummary(
  runs: readonly ForecastRunEntry[],
  read: RunFileReader,
): { series: SeriesSummaryEntry[]; ensemble: EnsembleFacts } {
  const withIds = runs.filter((r): r is ForecastRunEntry & { id: string } =>
    typeof r.id === "string"
  );
  const { facts, models } = seedEnsembles(withIds, read);
  return { series: seriesSummary(runs, models), ensemble: facts };
}

const seriesKeyOf = (f: Pick<RunForecast, "series" | "target" | "lookback" | "horizon">) =>
  JSON.stringify([f.series, f.target, f.lookback, f.horizon]);

function addTo(
  groups: Map<string, { first: RunForecast; neural: RunForecast["model"][] }>,
  forecast: RunForecast,
): void {
  const key = seriesKeyOf(forecast);
  const group = groups.get(key) ?? { first: forecast, neural: [] };
  group.neural.push(forecast.model);
  groups.set(key, group);
}

/** The reference points of a series' verdict: best baseline (MAE), best statistical, comb. */
function verdictOf(f: Pick<ForecastExtras, "baselines" | "smapeUndefined" | "adjustment">) {
  const metric: "owa" | "mase" = f.smapeUndefined === null ? "owa" : "mase";
  const best = bestOf(f.baselines);
  const statistical = f.baselines.filter((b) => b.family === "statistical");
  const bestStatistical = statistical.length
    ? statistical.reduce((a, b) => ((b[metric] ?? Infinity) < (a[metric] ?? Infinity) ? b : a))
    : undefined;
  return {
    metric,
    best,
    bestStatistical,
    comb: f.baselines.find((b) => b.name === "comb"),
    facts: {
      bestBaseline: best.name,
      bestStatistical: bestStatistical?.name ?? "",
      verdictMetric: metric,
      smapeUndefined: f.smapeUndefined,
      adjustment: f.adjustment,
    },
  };
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
  forecast: WindowSpec & { movingAverage?: number; arMaxLag?: number };
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
 * assert(entry.models.length === 12 && entry.models.every((m) => m.kind === "baseline"));
 * ```
 */
export function forecastBaselines(
  config: ForecastDataConfig,
  configFile?: string,
): SeriesSummaryEntry {
  const prepared = loadPreparedSeries(config.series, config.forecast, configFile);
  const report = evaluateBaselines(prepared, {
    movingAverage: config.forecast.movingAverage,
    arMaxLag: config.forecast.arMaxLag,
  });
  const series = seriesFacts(prepared, report);
  const baselines = baselineScores(report);
  const verdict = verdictOf({ ...series, baselines });
  return { ...facts(series), ...verdict.facts, models: baselines };
}
