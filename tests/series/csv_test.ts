import { assertEquals, assertThrows } from "@std/assert";
import { InputError } from "../../src/errors.ts";
import { loadSeries, readCsvSeries, type SeriesSpec } from "../../src/data/series/mod.ts";

const FIXTURES = new URL("../fixtures/series/", import.meta.url);
const fixture = (name: string) => new URL(name, FIXTURES).pathname;
const daily: SeriesSpec = { dateColumn: "date", valueColumns: ["temp", "rain"], target: "temp" };

function load(name: string, spec: SeriesSpec) {
  return loadSeries({ ...spec, path: fixture(name) });
}

function assertInputError(fn: () => unknown, ...fragments: string[]): void {
  const error = assertThrows(fn, InputError);
  for (const fragment of fragments) {
    if (!error.message.includes(fragment)) {
      throw new Error(`expected "${fragment}" in: ${error.message}`);
    }
  }
  assertEquals(error.message.includes("\n"), false, "one line");
}

Deno.test("csv: value columns chosen by config, text column ignored, target kept", () => {
  const s = load("daily.csv", daily);
  assertEquals(s.columns, ["temp", "rain"]);
  assertEquals(s.targetIndex, 0);
  assertEquals([...s.values[0]], [3.5, 4, 5, 4.5, 6, 6.5]);
  assertEquals([...s.values[1]], [0, 1.2, 0.4, 0, 0, 2]);
  assertEquals(s.times[0], "2020-01-01");
  assertEquals(s.frequency, "1 day");
});

Deno.test("csv: target not in valueColumns is added in front", () => {
  const s = load("daily.csv", { dateColumn: "date", valueColumns: ["rain"], target: "temp" });
  assertEquals(s.columns, ["temp", "rain"]);
  assertEquals(s.target, "temp");
});

Deno.test("csv: date from year/month/day columns across a month end", () => {
  const s = load("parts.csv", { dateColumns: ["year", "month", "day"], target: "sales" });
  assertEquals(s.times, ["2021-01-30", "2021-01-31", "2021-02-01", "2021-02-02"]);
  assertEquals([...s.values[0]], [10, 12, 11, 13]);
});

Deno.test("csv: monthly index; a missing month is named, or interpolated", () => {
  assertInputError(
    () => load("monthly_gap.csv", { dateColumn: "month", target: "co2" }),
    "line 4",
    "gap of 1 missing point(s) before 2000-04",
  );
  const s = load("monthly_gap.csv", { dateColumn: "month", target: "co2", missing: "interpolate" });
  assertEquals(s.frequency, "1 month");
  assertEquals(s.times, ["2000-01", "2000-02", "2000-03", "2000-04", "2000-05"]);
  assertEquals(s.values[0][2], (370.9 + 372.5) / 2);
  assertEquals(s.repaired.interpolated, 1);
});

Deno.test("csv: no date column means a row-number index", () => {
  const s = readCsvSeries("y\n1\n2\n3\n", { target: "y" }, "inline.csv");
  assertEquals(s.times, ["0", "1", "2"]);
});

Deno.test("bad input: missing column names the key and lists the header", () => {
  assertInputError(
    () => load("daily.csv", { ...daily, valueColumns: ["temp", "humidity"] }),
    "series.valueColumns",
    'column "humidity" is not in the header (date, temp, rain, weather)',
  );
  assertInputError(
    () => load("daily.csv", { ...daily, target: "sunshine" }),
    "series.target",
    '"sunshine"',
  );
  assertInputError(() => load("daily.csv", { ...daily, dateColumn: "day" }), "series.dateColumn");
});

Deno.test("bad input: non-numeric cell in a chosen column names the line, any policy", () => {
  for (const missing of ["error", "drop", "interpolate"] as const) {
    assertInputError(
      () => load("non_numeric.csv", { ...daily, missing }),
      "non_numeric.csv: line 4",
      'column "temp" has non-numeric value "warm"',
    );
  }
  // The same column is fine when not chosen.
  assertEquals(load("non_numeric.csv", { dateColumn: "date", target: "rain" }).columns, ["rain"]);
});

Deno.test("bad input: gap in the dates names the line unless drop/interpolate", () => {
  assertInputError(() => load("gap.csv", daily), "gap.csv: line 4", "gap of 2 missing point(s)");
  const dropped = load("gap.csv", { ...daily, missing: "drop" });
  assertEquals(dropped.values[0].length, 4);
  const filled = load("gap.csv", { ...daily, missing: "interpolate" });
  assertEquals([...filled.values[0]], [3.5, 4, 4 + 2 / 3, 4 + 4 / 3, 6, 6.5]);
  assertEquals(filled.times[2], "2020-01-03");
});

Deno.test("bad input: empty or NaN cell names the line unless drop/interpolate", () => {
  assertInputError(() => load("nan.csv", daily), "nan.csv: line 3", 'column "temp" is missing');
  assertInputError(
    () => load("nan.csv", { ...daily, valueColumns: ["rain"], target: "rain" }),
    "nan.csv: line 4",
    'column "rain" is missing',
  );
  const dropped = load("nan.csv", { ...daily, missing: "drop" });
  assertEquals([...dropped.values[0]], [3.5, 4.5]);
  assertEquals(dropped.repaired.dropped, 2);
  const filled = load("nan.csv", { ...daily, missing: "interpolate" });
  assertEquals([...filled.values[0]], [3.5, 4.25, 5, 4.5]);
  assertEquals([...filled.values[1]], [0, 1.2, 0.6, 0]);
});

Deno.test("bad input: unsorted and duplicate dates are errors whatever the missing policy", () => {
  for (const missing of ["error", "drop", "interpolate"] as const) {
    assertInputError(
      () => load("unsorted.csv", { ...daily, missing }),
      "unsorted.csv: line 4",
      "comes before",
      "sort the rows",
    );
    assertInputError(
      () => load("duplicate.csv", { ...daily, missing }),
      "duplicate.csv: line 4",
      "duplicate time 2020-01-02",
    );
  }
});

Deno.test("bad input: unreadable date and unknown file", () => {
  assertInputError(
    () => readCsvSeries("d,y\n2020-02-30,1\n", { dateColumn: "d", target: "y" }, "x.csv"),
    "x.csv: line 2",
    '"2020-02-30"',
  );
  assertInputError(() => loadSeries({ path: fixture("nope.csv"), target: "y" }), "series.path");
  assertInputError(() => loadSeries({ id: "births" }), "series.id", "us-births");
});
