/**
 * The shapes the series pipeline passes around: what a config asks for ({@link SeriesSpec}) and
 * what loading yields ({@link Series}).
 * @module
 */
import type { MISSING_POLICIES as CONFIG_MISSING_POLICIES } from "../../config/tasks/forecast.ts";

/** What to do with a missing cell (empty, `NA`, `NaN`) or a gap in the time index. */
export const MISSING_POLICIES = ["error", "drop", "interpolate"] as const;
/** One of {@link MISSING_POLICIES}. */
export type MissingPolicy = typeof MISSING_POLICIES[number];
// The config schema keeps its own copy of the list (config sits below data): they must be equal.
type ConfigPolicy = typeof CONFIG_MISSING_POLICIES[number];
const _policiesMatch: [MissingPolicy, ConfigPolicy] extends [ConfigPolicy, MissingPolicy] ? true
  : never = true;

/**
 * Which series to load and how to read it. Either `id` (a built-in) or `path` (a CSV file); for a
 * built-in, every other field overrides the built-in's default.
 */
export interface SeriesSpec {
  /** A built-in series id, e.g. `us-births`, `co2`, `mackey-glass`. */
  id?: string;
  /** Path of a CSV file with a header row. */
  path?: string;
  /** Column holding the date (`2012-01-31`, `2012-01-31T06:00`) or a numeric time index. */
  dateColumn?: string;
  /**
   * How the date column is written, in date-fns tokens (e.g. `d/M/yyyy`); default: detected among
   * ISO, `yyyy-MM`, `yyyy`, `MMM d yyyy`, `MMM-d-yyyy`, `d/M/yyyy`, `M/d/yyyy`.
   */
  dateFormat?: string;
  /** Columns building the date: `[year, month]` or `[year, month, day]`. */
  dateColumns?: string[];
  /** Long format: the column naming each row's series; every id becomes one series. */
  seriesColumn?: string;
  /** Wide format: columns that are each one (univariate) series sharing the date column. */
  seriesColumns?: string[];
  /** Numeric columns fed to the model; the target is added if missing. Others are ignored. */
  valueColumns?: string[];
  /** The column to forecast (default: the first value column). */
  target?: string;
  /** Missing cells and time gaps: `error` (default), `drop` the rows, or `interpolate` linearly. */
  missing?: MissingPolicy;
  /** Seasonal period in time steps for seasonal-naive and MASE; detected on train if absent. */
  period?: number;
  /** Synthetic series only: number of points. */
  points?: number;
  /** Synthetic series only: seed of the noise / initial history. */
  seed?: number;
}

/** A loaded series: aligned numeric columns on a regular time index. */
export interface Series {
  /** The built-in id or the CSV path. */
  name: string;
  /** Value columns in input order; the target is one of them. */
  columns: string[];
  /** The target column's name. */
  target: string;
  /** Index of the target in {@link Series.columns}. */
  targetIndex: number;
  /** One array per column, all the same length. */
  values: Float64Array[];
  /** A label per point (ISO date or index) for charts. */
  times: string[];
  /** Detected spacing of the time index, e.g. `1 day`, `1 month`, `1 step`. */
  frequency: string;
  /** The date-fns format the date column was read with (`number`: a numeric index). */
  dateFormat?: string;
  /** Seasonal period from the spec or the built-in, if any. */
  period?: number;
  /** Points added by interpolation or rows dropped, for the report. */
  repaired: { interpolated: number; dropped: number };
}
