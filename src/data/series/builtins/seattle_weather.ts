/**
 * `seattle-weather`: daily Seattle weather 2012–2015, multivariate (precipitation, temperatures,
 * wind; the text `weather` column is ignored). Target: the daily maximum temperature.
 * @module
 */
import type { BuiltinSeries } from "./_builtin.ts";
import { loadPackageCsv } from "./_package_csv.ts";

/** The seattle-weather built-in. */
export const seattleWeather: BuiltinSeries = {
  id: "seattle-weather",
  description: "Daily Seattle weather 2012–2015, 4 numeric columns, target temp_max",
  defaults: {
    dateColumn: "date",
    valueColumns: ["temp_max", "temp_min", "precipitation", "wind"],
    target: "temp_max",
  },
  windows: { lookback: 14, horizon: 1 },
  load: (spec) => loadPackageCsv("vega-datasets/data/seattle-weather.csv", spec),
};
