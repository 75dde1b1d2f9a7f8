/**
 * The series registry: built-ins by id (one file each, one line here) and CSV files by path.
 * @module
 */
import { InputError } from "../../errors.ts";
import type { BuiltinSeries } from "./builtins/_builtin.ts";
import { co2 } from "./builtins/co2.ts";
import { mackeyGlassSeries } from "./builtins/mackey_glass.ts";
import { seattleWeather } from "./builtins/seattle_weather.ts";
import { sineMixSeries } from "./builtins/sine_mix.ts";
import { usBirths } from "./builtins/us_births.ts";
import { stocks } from "./builtins/stocks.ts";
import { readCsvPanel } from "./csv.ts";
import type { Series, SeriesSpec } from "./types.ts";
import { configKey } from "./_where.ts";

export type { BuiltinSeries };

/** Built-in series by id. */
export const BUILTIN_SERIES: Readonly<Record<string, BuiltinSeries>> = Object.fromEntries(
  [usBirths, co2, seattleWeather, sineMixSeries, mackeyGlassSeries, stocks].map((s) => [s.id, s]),
);

/**
 * The spec with a built-in's defaults filled in (config fields win); a path spec is returned as is.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { resolveSeriesSpec } from "./registry.ts";
 * assert(resolveSeriesSpec({ id: "co2" }).missing === "interpolate");
 * ```
 */
export function resolveSeriesSpec(spec: SeriesSpec, file?: string): SeriesSpec {
  const where = configKey(file, "series");
  if ((spec.id === undefined) === (spec.path === undefined)) {
    throw new InputError(
      where,
      "needs exactly one of id or path",
      `set series.id to one of ${
        Object.keys(BUILTIN_SERIES).join(", ")
      }, or series.path to a CSV file`,
    );
  }
  if (spec.path !== undefined) return spec;
  const builtin = BUILTIN_SERIES[spec.id!];
  if (!builtin) {
    throw new InputError(
      `${where}.id`,
      `unknown series "${spec.id}"`,
      `use one of ${Object.keys(BUILTIN_SERIES).join(", ")}, or series.path for a CSV file`,
    );
  }
  const defined = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
  return { ...builtin.defaults, ...defined };
}

/**
 * Load the series a spec names.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { loadSeries } from "./registry.ts";
 * const births = loadSeries({ id: "us-births" });
 * assert(births.values[0].length === 7305 && births.times[0] === "1969-01-01");
 * ```
 */
export function loadSeries(spec: SeriesSpec, file?: string): Series {
  const panel = loadSeriesPanel(spec, file);
  if (panel.length !== 1) {
    throw new InputError(
      configKey(file, "series"),
      `holds ${panel.length} series (${panel.map((s) => s.name).slice(0, 3).join(", ")}, …)`,
      "this needs one series: drop seriesColumn/seriesColumns or pick another series",
    );
  }
  return panel[0];
}

/**
 * Load every series a spec names: one, or many from a long-format (`seriesColumn`) or wide
 * (`seriesColumns`) CSV or a multi-series built-in.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { loadSeriesPanel } from "./registry.ts";
 * const panel = loadSeriesPanel({ id: "stocks" });
 * assert(panel.map((s) => s.name).join() === "stocks:MSFT,stocks:AMZN,stocks:IBM,stocks:GOOG,stocks:AAPL");
 * ```
 */
export function loadSeriesPanel(spec: SeriesSpec, file?: string): Series[] {
  const where = configKey(file, "series");
  const resolved = resolveSeriesSpec(spec, file);
  if (resolved.path !== undefined) {
    let text: string;
    try {
      text = Deno.readTextFileSync(resolved.path);
    } catch (error) {
      throw new InputError(
        `${where}.path`,
        `cannot read "${resolved.path}" (${(error as Error).message})`,
        "give an existing CSV file (relative to the working directory)",
      );
    }
    return readCsvPanel(text, resolved, resolved.path);
  }
  return BUILTIN_SERIES[resolved.id!].load(resolved);
}
