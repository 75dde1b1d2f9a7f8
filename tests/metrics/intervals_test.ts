import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  differenceVerdict,
  meanInterval,
  pairedDifference,
  tCritical,
} from "../../src/metrics/intervals.ts";

Deno.test("intervals: t critical values match published tables (two-sided 95 %, 99 %)", () => {
  // scipy.stats.t.ppf(0.975, df) and t.ppf(0.995, df)
  const table: [number, number, number][] = [
    [1, 12.706205, 0.95],
    [2, 4.302653, 0.95],
    [4, 2.776445, 0.95],
    [9, 2.262157, 0.95],
    [29, 2.045230, 0.95],
    [2, 9.924843, 0.99],
  ];
  for (const [df, t, level] of table) assertAlmostEquals(tCritical(df, level), t, 1e-5);
  assertThrows(() => tCritical(0), RangeError);
});

Deno.test("intervals: mean interval by hand, and non-finite values dropped", () => {
  // 5 values: mean 3, sd √2.5, half width t(4)·sd/√5.
  const ci = meanInterval([1, 2, 3, 4, 5, NaN])!;
  assertEquals([ci.n, ci.mean], [5, 3]);
  assertAlmostEquals(ci.sd, Math.sqrt(2.5), 1e-12);
  assertAlmostEquals(ci.halfWidth!, 2.776445 * Math.sqrt(2.5) / Math.sqrt(5), 1e-5);
  assertAlmostEquals(ci.low! + ci.high!, 6, 1e-12);
  assertEquals(meanInterval([]), null);
  assertEquals(meanInterval([Infinity]), null);
});

Deno.test("intervals: pairing removes the shared seed noise an unpaired view keeps", () => {
  // Each seed shifts both cells by a lot; the difference is a steady −0.1.
  const a = [2.0, 2.5, 1.6];
  const b = [2.1, 2.6, 1.7];
  const paired = pairedDifference(a, b)!;
  assertAlmostEquals(paired.mean, -0.1, 1e-12);
  assert(paired.halfWidth! < 1e-9);
  assertEquals(differenceVerdict(paired), "below");
  // Unpaired, the spread between seeds swamps the difference.
  assert(meanInterval(a)!.high! > meanInterval(b)!.low!);
  assertEquals(differenceVerdict(pairedDifference(b, a)), "above");
  assertEquals(differenceVerdict(pairedDifference([1, 2, 3], [1.2, 1.8, 3.1])), "inconclusive");
  assertEquals(differenceVerdict(pairedDifference([1], [2])), "inconclusive", "one pair: unknown");
  assertEquals(pairedDifference([1, NaN, 3], [2, 2, 4])!.n, 2);
  assertThrows(() => pairedDifference([1, 2], [1]), RangeError);
});
