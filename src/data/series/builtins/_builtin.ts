/**
 * What a built-in series provides to the registry.
 * @module
 */
import type { Series, SeriesSpec } from "../types.ts";

/** A built-in series: defaults for its spec and windows, and a loader. */
export interface BuiltinSeries {
  id: string;
  description: string;
  /** Spec fields used where the config leaves them out. */
  defaults: SeriesSpec;
  /** Lookback and horizon used where the config leaves them out. */
  windows: { lookback: number; horizon: number };
  /** Load with the merged spec (defaults overridden by the config): one series, or several. */
  load(spec: SeriesSpec): Series[];
}
