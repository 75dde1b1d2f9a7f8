/**
 * `stocks`: monthly closing prices of five stocks (MSFT, AMZN, IBM, AAPL 2000–2010; GOOG from its
 * 2004 listing), vega-datasets' `stocks.csv` in long format (`symbol,date,price`): a many-series
 * example for a global model against local baselines.
 * @module
 */
import type { BuiltinSeries } from "./_builtin.ts";
import { loadPackageCsv } from "./_package_csv.ts";

/** The stocks built-in (five series). */
export const stocks: BuiltinSeries = {
  id: "stocks",
  description: "Monthly prices of MSFT, AMZN, IBM, GOOG, AAPL 2000–2010 (five series, long format)",
  defaults: { dateColumn: "date", target: "price", seriesColumn: "symbol" },
  windows: { lookback: 12, horizon: 3 },
  load: (spec) => loadPackageCsv("vega-datasets/data/stocks.csv", spec),
};
