/**
 * Task `forecast`: time-series forecasting with recurrent models, always scored against baselines.
 * @module
 */
import { z } from "zod";

/**
 * Policies for missing values. Config sits below data, so the list lives here; the owner
 * (`src/data/series/types.ts`) guards at compile time that its list is the same.
 */
export const MISSING_POLICIES = ["error", "drop", "interpolate"] as const;

/**
 * Seed-group ensembles of neural forecasts (`forecast.ensemble`). Config sits below tasks, so the
 * list lives here; `src/tasks/forecast_ensemble.ts` implements each.
 */
export const ENSEMBLE_METHODS = ["none", "mean"] as const;

/** `series`: a built-in id or a CSV path, and how to read it. */
export const seriesSchema = z.strictObject({
  id: z.string().min(1).optional().describe(
    "Built-in series: us-births, co2, seattle-weather, sine-mix, mackey-glass, stocks (five series).",
  ),
  path: z.string().min(1).optional().describe("Path to a CSV file with a header row."),
  dateColumn: z.string().min(1).optional().describe(
    "Column with the date (ISO, YYYY-MM, YYYY, Mon D YYYY, Mon-D-YYYY, D/M/YYYY, M/D/YYYY) or a " +
      "numeric time index.",
  ),
  dateFormat: z.string().min(1).optional().describe(
    'How dateColumn is written, in date-fns tokens (e.g. "d/M/yyyy", "dd.MM.yyyy"); needed ' +
      "only where the format is ambiguous or not one of those detected.",
  ),
  dateColumns: z.array(z.string().min(1)).min(2).max(3).optional().describe(
    "Date from several columns: [year, month] or [year, month, day].",
  ),
  seriesColumn: z.string().min(1).optional().describe(
    "Long format: the column naming each row's series (e.g. symbol); every id is one series, " +
      "forecast by one global model and scored against its own local baselines.",
  ),
  seriesColumns: z.array(z.string().min(1)).min(1).optional().describe(
    "Wide format: columns that are each one univariate series sharing the date column.",
  ),
  valueColumns: z.array(z.string().min(1)).min(1).optional().describe(
    "Numeric input columns (other columns are ignored); the target is added if missing.",
  ),
  target: z.string().min(1).optional().describe(
    "Column to forecast (default: the first value column).",
  ),
  missing: z.enum(MISSING_POLICIES).optional().describe(
    "Missing cells and time gaps: error (default), drop the rows, or interpolate linearly.",
  ),
  period: z.int().min(1).optional().describe(
    "Seasonal period in steps (seasonal naive, MASE); detected on train if absent.",
  ),
  points: z.int().min(10).optional().describe("Synthetic series: number of points."),
  seed: z.int().optional().describe("Synthetic series: seed."),
}).superRefine((series, ctx) => {
  if (series.id !== undefined && series.path !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: "has both id and path",
      params: { fix: "keep only one: a built-in id or a CSV path" },
    });
  }
  if (series.dateColumn !== undefined && series.dateColumns !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: "has both dateColumn and dateColumns",
      params: { fix: "keep one: a single date column or [year, month, day] columns" },
    });
  }
  if (series.dateFormat !== undefined && series.dateColumn === undefined) {
    ctx.addIssue({
      code: "custom",
      message: "has dateFormat but no dateColumn",
      params: { fix: "name the date column in series.dateColumn, or drop dateFormat" },
    });
  }
  if (series.seriesColumn !== undefined && series.seriesColumns !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: "has both seriesColumn and seriesColumns",
      params: { fix: "keep one: an id column (long format) or a list of value columns (wide)" },
    });
  }
  if (series.seriesColumns !== undefined && (series.target ?? series.valueColumns) !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: "has seriesColumns with target or valueColumns",
      params: {
        fix: "with seriesColumns every listed column is a target: drop target/valueColumns",
      },
    });
  }
  if (
    series.path !== undefined && series.target === undefined && !series.valueColumns &&
    !series.seriesColumns
  ) {
    ctx.addIssue({
      code: "custom",
      message: "a CSV series needs target or valueColumns",
      params: { fix: 'e.g. "target": "sales"' },
    });
  }
}).transform((series) =>
  series.id === undefined && series.path === undefined ? { ...series, id: "us-births" } : series
).describe("The series: { id } or { path, dateColumn, valueColumns, target }; default us-births.");

/** `forecast`: windows, split and baseline settings. */
export const forecastSchema = z.strictObject({
  lookback: z.int().min(1).optional().describe(
    "Input steps per window (built-in series have a default; required for a CSV).",
  ),
  horizon: z.int().min(1).optional().describe(
    "Future steps predicted at once from the last hidden state (1 = one-step).",
  ),
  stride: z.int().min(1).default(1).describe("Spacing of training windows (val/test use all)."),
  split: z.tuple([z.number().gt(0), z.number().gt(0), z.number().gt(0)])
    .default([0.7, 0.15, 0.15])
    .describe("Chronological train / validation / test fractions (sum 1)."),
  relative: z.boolean().default(false).describe(
    "Feed and predict changes from the last observed value instead of levels (trending series).",
  ),
  movingAverage: z.int().min(1).optional().describe(
    "Moving-average baseline window (default: the lookback).",
  ),
  arMaxLag: z.int().min(0).optional().describe(
    "Largest AR order the ar-aic baseline tries (AIC on train; default: the lookback, at most a " +
      "third of the training part).",
  ),
  previewPoints: z.int().min(0).default(200).describe(
    "Test points of forecast-vs-actual data kept in the summary for charts.",
  ),
  ensemble: z.enum(ENSEMBLE_METHODS).default("none").describe(
    "mean: each seed group (runs that differ only in training.seed; needs a grid axis over it " +
      "with 2 or more seeds) also gets a model whose forecast is the mean of its members' " +
      "forecasts, scored like every model (id <cell>-ens<n>); each run then keeps its forecasts " +
      "in <run>/forecasts.json. none: no ensembles.",
  ),
}).superRefine((forecast, ctx) => {
  const sum = forecast.split.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) {
    ctx.addIssue({
      code: "custom",
      path: ["split"],
      message: `must sum to 1, got ${JSON.stringify(forecast.split)}`,
      params: { fix: "e.g. [0.7, 0.15, 0.15]" },
    });
  }
}).describe("Forecast windows, split and baselines.");

/** The keys `forecast` adds to the common ones. */
export const forecastShape = {
  task: z.literal("forecast"),
  series: seriesSchema.prefault({}),
  forecast: forecastSchema.prefault({}),
};
