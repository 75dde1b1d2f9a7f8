import { assertEquals, assertNotEquals } from "@std/assert";
import { loadPreparedSeries, loadSeries, mackeyGlass } from "../../src/data/series/mod.ts";

Deno.test("us-births: 7,305 daily points from year/month/date_of_month", () => {
  const s = loadSeries({ id: "us-births" });
  assertEquals(s.values[0].length, 7305);
  assertEquals([s.times[0], s.times.at(-1)], ["1969-01-01", "1988-12-31"]);
  assertEquals(s.values[0][0], 8486);
});

Deno.test("co2: monthly, the three missing months interpolated by default", () => {
  const s = loadSeries({ id: "co2" });
  assertEquals(s.frequency, "1 month");
  assertEquals(s.times.slice(0, 5), ["1958-03", "1958-04", "1958-05", "1958-06", "1958-07"]);
  assertEquals(s.repaired.interpolated, 5); // 1958-06, 1958-10, 1964-02..04
  assertEquals(s.values[0][3], (317.51 + 315.86) / 2);
});

Deno.test("seattle-weather: multivariate with a chosen target, text column ignored", () => {
  const s = loadSeries({ id: "seattle-weather", target: "wind" });
  assertEquals(s.columns, ["temp_max", "temp_min", "precipitation", "wind"]);
  assertEquals(s.targetIndex, 3);
  assertEquals(s.values[0].length, 1461);
  const p = loadPreparedSeries({ id: "seattle-weather" }, { lookback: 7 });
  assertEquals(p.normalised.length, 4);
});

Deno.test("mackey-glass: deterministic in the seed, chaotic range", () => {
  const a = mackeyGlass(500, 1), b = mackeyGlass(500, 1), c = mackeyGlass(500, 2);
  assertEquals([...a], [...b]);
  assertNotEquals(a[400], c[400]);
  const min = Math.min(...a), max = Math.max(...a);
  assertEquals(min > 0.2 && min < 0.6 && max > 1.1 && max < 1.4, true, `${min}..${max}`);
});

Deno.test("sine-mix: points and seed from the spec", () => {
  const s = loadSeries({ id: "sine-mix", points: 123, seed: 4 });
  assertEquals(s.values[0].length, 123);
  assertNotEquals(s.values[0][5], loadSeries({ id: "sine-mix", points: 123 }).values[0][5]);
});
