import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { InputError } from "../../src/errors.ts";
import {
  chronologicalSplit,
  fitZScore,
  gatherWindows,
  prepareSeries,
  type Series,
  windowOrigins,
} from "../../src/data/series/mod.ts";

function series(values: number[][], target = 0): Series {
  return {
    name: "t",
    columns: values.map((_, i) => `c${i}`),
    target: `c${target}`,
    targetIndex: target,
    values: values.map((v) => Float64Array.from(v)),
    times: values[0].map((_, i) => String(i)),
    frequency: "1 step",
    repaired: { interpolated: 0, dropped: 0 },
  };
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

Deno.test("split: chronological, train first, fractions floored", () => {
  assertEquals(chronologicalSplit(101, [0.7, 0.15, 0.15], 5, 1, "t"), {
    trainEnd: 70,
    valEnd: 85,
    length: 101,
  });
});

Deno.test("normalisation uses training statistics only", () => {
  // Train 0..69 is a gentle ramp; val and test are huge, so any leak moves mean and std a lot.
  const values = Array.from({ length: 100 }, (_, t) => (t < 70 ? t % 10 : 1000 + 50 * t));
  const p = prepareSeries(series([values]), { lookback: 5, horizon: 1 });
  const train = values.slice(0, 70);
  assertEquals(p.scaler.mean[0], mean(train));
  assertAlmostEquals(p.scaler.std[0], std(train), 1e-12);
  assertAlmostEquals(p.normalised[0][3], (3 - mean(train)) / std(train), 1e-12);
  // Changing val/test values leaves the scaler and the normalised train part untouched.
  const changed = values.map((x, t) => (t < 70 ? x : -x));
  const q = prepareSeries(series([changed]), { lookback: 5, horizon: 1 });
  assertEquals(q.scaler, p.scaler);
  assertEquals([...q.normalised[0].subarray(0, 70)], [...p.normalised[0].subarray(0, 70)]);
});

Deno.test("normalisation: per column, constant column gets std 1", () => {
  const z = fitZScore([Float64Array.of(1, 2, 3, 99), Float64Array.of(5, 5, 5, 0)], 3);
  assertEquals(z.mean, [2, 5]);
  assertAlmostEquals(z.std[0], Math.sqrt(2 / 3), 1e-15);
  assertEquals(z.std[1], 1);
});

Deno.test("windows: origins keep every split's targets inside it", () => {
  const bounds = chronologicalSplit(100, [0.7, 0.15, 0.15], 8, 3, "t");
  const o = windowOrigins(bounds, 8, 3, 2);
  assertEquals(o.train[0], 7); // first window has a full lookback
  assertEquals(o.train.at(-1)! + 3 < 70, true); // last train target before the val part
  assertEquals(o.train[1] - o.train[0], 2); // stride on train
  assertEquals(o.val[0] + 1, 70); // first val target is the first val point
  assertEquals(o.val.at(-1)! + 3, 84); // last val target is the last val point
  assertEquals(o.test[0] + 1, 85);
  assertEquals(o.test.at(-1)! + 3, 99);
  assertEquals(o.test.length, 100 - 85 - 3 + 1); // every test origin
});

Deno.test("windows: shapes and layout, time-major inputs, direct multi-step targets", () => {
  const a = Array.from({ length: 30 }, (_, t) => t);
  const b = a.map((t) => 100 + t);
  const w = gatherWindows([Float64Array.from(a), Float64Array.from(b)], 1, [9, 20, 15], 4, 3);
  assertEquals(w.inputShape, [4, 3, 2]);
  assertEquals(w.inputs.length, 4 * 3 * 2);
  assertEquals(w.targetShape, [3, 3]);
  // Step s of window b, column c at [(s·B + b)·C + c]: window 1 (origin 20), step 0 = t 17.
  assertEquals([w.inputs[(0 * 3 + 1) * 2], w.inputs[(0 * 3 + 1) * 2 + 1]], [17, 117]);
  assertEquals(w.inputs[(3 * 3 + 0) * 2], 9); // last step of window 0 is its origin
  assertEquals([...w.targets], [110, 111, 112, 121, 122, 123, 116, 117, 118]); // target column
});

Deno.test("bad input: series shorter than lookback + horizon + splits", () => {
  const short = series([Array.from({ length: 40 }, (_, t) => t)]);
  const error = assertThrows(
    () => prepareSeries(short, { lookback: 28, horizon: 7 }),
    InputError,
  );
  for (const part of ["40 points are too few", "lookback 28 + horizon 7", "need at least 35/7/7"]) {
    assertEquals(error.message.includes(part), true, error.message);
  }
  assertThrows(() => prepareSeries(short, { lookback: 0 }), InputError, "forecast.lookback");
  assertThrows(
    () => prepareSeries(short, { lookback: 2, split: [0.5, 0.2, 0.2] }),
    InputError,
    "forecast.split",
  );
});
