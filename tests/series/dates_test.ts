import { assertEquals, assertThrows } from "@std/assert";
import { InputError } from "../../src/errors.ts";
import { readCsvSeries, type SeriesSpec } from "../../src/data/series/mod.ts";

const csv = (dates: string[]) =>
  "when,y\n" + dates.map((d, i) => `"${d}",${i + 1}`).join("\n") + "\n";
const read = (dates: string[], extra: Partial<SeriesSpec> = {}) =>
  readCsvSeries(csv(dates), { dateColumn: "when", target: "y", ...extra }, "d.csv");

function assertInputError(fn: () => unknown, ...fragments: string[]): void {
  const error = assertThrows(fn, InputError);
  for (const fragment of fragments) {
    if (!error.message.includes(fragment)) {
      throw new Error(`expected "${fragment}" in: ${error.message}`);
    }
  }
  assertEquals(error.message.includes("\n"), false, "one line");
}

Deno.test("dates: every exported format reads to the same days", () => {
  const days = ["2020-01-30", "2020-01-31", "2020-02-01"];
  const forms: [string[], string][] = [
    [["2020-01-30", "2020-01-31", "2020-02-01"], "yyyy-MM-dd"],
    [["Jan 30 2020", "Jan 31 2020", "Feb 1 2020"], "MMM d yyyy"],
    [["Jan-30-2020", "Jan-31-2020", "Feb-1-2020"], "MMM-d-yyyy"],
    [["30/1/2020", "31/1/2020", "1/2/2020"], "d/M/yyyy"],
    [["1/30/2020", "1/31/2020", "2/1/2020"], "M/d/yyyy"],
  ];
  for (const [dates, format] of forms) {
    const s = read(dates);
    assertEquals([s.times, s.dateFormat, s.frequency], [days, format, "1 day"], format);
  }
});

Deno.test("dates: YYYY-MM is monthly, YYYY yearly, times keep minutes, numbers stay an index", () => {
  const monthly = read(["2019-11", "2019-12", "2020-01"]);
  assertEquals([monthly.times, monthly.frequency], [["2019-11", "2019-12", "2020-01"], "1 month"]);
  const yearly = read(["1749", "1750", "1751"]);
  assertEquals([yearly.dateFormat, yearly.frequency], ["yyyy", "1 year"]);
  const hourly = read(["2020-01-01T23:00", "2020-01-02T00:00Z", "2020-01-02T01:00"]);
  assertEquals(hourly.times, ["2020-01-01T23:00", "2020-01-02T00:00", "2020-01-02T01:00"]);
  assertEquals(read(["0", "1", "2"]).dateFormat, "number");
});

Deno.test("dates: dateFormat reads a custom format and settles day/month ambiguity", () => {
  assertEquals(read(["1.2.2020", "2.2.2020"], { dateFormat: "d.M.yyyy" }).times, [
    "2020-02-01",
    "2020-02-02",
  ]);
  assertEquals(read(["1/2/2020", "1/3/2020"], { dateFormat: "M/d/yyyy" }).times, [
    "2020-01-02",
    "2020-01-03",
  ]);
});

Deno.test("bad input: ambiguous slashes, unknown dateFormat and bad dates name line and column", () => {
  assertInputError(() => read(["1/2/2020", "1/3/2020"]), "series.dateFormat", "d/M/yyyy");
  assertInputError(
    () => read(["2020-01-01"], { dateFormat: "YYYY-MM-DD" }),
    "d.csv: series.dateFormat",
    "use y and d",
  );
  assertInputError(() => read(["2020"], { dateFormat: "yyyy-jj" }), "series.dateFormat");
  assertInputError(() => read(["2020-01-01"], { dateFormat: "MM-dd" }), "no year");
  assertInputError(
    () => read(["Jan-1-1995", "Jan-2-1995", "Jan-32-1995"]),
    "d.csv: line 4",
    '"Jan-32-1995" in column "when"',
  );
  assertInputError(
    () => read(["2.2.2020", "3.2.2020"], { dateFormat: "d/M/yyyy" }),
    "line 2",
    'does not match series.dateFormat "d/M/yyyy"',
  );
  assertInputError(() => read(["1", "2", "2020-01-03"]), "line 4", "not a number");
  assertInputError(() => read(["soon", "later"]), "line 2", "not a date or number");
});
