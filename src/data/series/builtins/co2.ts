/**
 * `co2`: monthly Mauna Loa CO2 concentration 1958–2020 (ppm). Three months are missing from the
 * file, so the default interpolates them.
 * @module
 */
import type { BuiltinSeries } from "./_builtin.ts";
import { loadPackageCsv } from "./_package_csv.ts";

/** The co2 built-in. */
export const co2: BuiltinSeries = {
  id: "co2",
  description: "Monthly Mauna Loa CO2 (ppm) 1958–2020, trend + yearly cycle",
  defaults: { dateColumn: "Date", valueColumns: ["CO2"], target: "CO2", missing: "interpolate" },
  windows: { lookback: 24, horizon: 12 },
  load: (spec) => loadPackageCsv("vega-datasets/data/co2-concentration.csv", spec),
};
