import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  detectPeriod,
  evaluateBaselines,
  fitLinearAR,
  movingAverageForecast,
  naiveForecast,
  predictLinearAR,
  seasonality,
  seasonalNaiveForecast,
} from "../../src/baselines/mod.ts";
import { prepareSeries, type Series } from "../../src/data/series/mod.ts";
import { mae, rmse, smape } from "../../src/metrics/forecast.ts";
import { InputError } from "../../src/errors.ts";

//           t: 0   1   2   3   4   5   6   7   8   9  10  11
const Y = [10, 12, 11, 13, 15, 14, 16, 18, 17, 19, 21, 20];
const ORIGINS = [8, 9]; // horizon 2: targets y9,y10 and y10,y11
const ACTUAL = [19, 21, 21, 20];

Deno.test("naive: last value repeated over the horizon", () => {
  const f = naiveForecast(Y, ORIGINS, 2);
  assertEquals([...f], [17, 17, 19, 19]);
  assertEquals(mae(ACTUAL, f), (2 + 4 + 2 + 1) / 4);
  assertEquals(rmse(ACTUAL, f), Math.sqrt((4 + 16 + 4 + 1) / 4));
  const terms = [200 * 2 / 36, 200 * 4 / 38, 200 * 2 / 40, 200 * 1 / 39];
  assertAlmostEquals(smape(ACTUAL, f), terms.reduce((a, b) => a + b) / 4, 1e-12);
});

Deno.test("seasonal naive: value one period back, wrapping for horizon > period", () => {
  assertEquals([...seasonalNaiveForecast(Y, ORIGINS, 2, 3)], [16, 18, 18, 17]);
  assertEquals(mae(ACTUAL, seasonalNaiveForecast(Y, ORIGINS, 2, 3)), 3);
  // period 2, horizon 5 from origin 6: y5, y6, y5, y6, y5
  assertEquals([...seasonalNaiveForecast(Y, [6], 5, 2)], [14, 16, 14, 16, 14]);
  assertEquals([...seasonalNaiveForecast(Y, ORIGINS, 2, 1)], [...naiveForecast(Y, ORIGINS, 2)]);
});

Deno.test("moving average: mean of the last window values", () => {
  const f = movingAverageForecast(Y, ORIGINS, 2, 3);
  assertEquals([...f], [17, 17, 18, 18]); // (16+18+17)/3, (18+17+19)/3
  assertEquals(mae(ACTUAL, f), (2 + 4 + 3 + 2) / 4);
  assertThrows(() => movingAverageForecast(Y, [1], 1, 3));
});

Deno.test("linear AR: least squares recovers an exact AR(2), direct multi-step", () => {
  // y[t] = 0.5·y[t−1] + 0.3·y[t−2] + 2, so y[t+2] = 0.55·y[t] + 0.15·y[t−1] + 3.
  const y = [1, 5];
  for (let t = 2; t < 30; t++) y.push(0.5 * y[t - 1] + 0.3 * y[t - 2] + 2);
  const column = Float64Array.from(y);
  const origins = Array.from({ length: 20 }, (_, i) => i + 1);
  const model = fitLinearAR([column], 0, origins, 2, 2, 0);
  // Features oldest first: [y[t−1], y[t], 1]; coefficients [feature × horizon].
  const expected = [0.3, 0.15, 0.5, 0.55, 2, 3];
  for (let i = 0; i < 6; i++) assertAlmostEquals(model.coefficients[i], expected[i], 1e-6);
  const forecast = predictLinearAR(model, [column], [25]);
  assertAlmostEquals(forecast[0], y[26], 1e-6);
  assertAlmostEquals(forecast[1], y[27], 1e-6);
});

Deno.test("linear AR: ridge shrinks the slopes, not the intercept", () => {
  const y = Float64Array.from({ length: 60 }, (_, t) => 5 + Math.sin(t));
  const origins = Array.from({ length: 50 }, (_, i) => i + 3);
  const free = fitLinearAR([y], 0, origins, 3, 1, 0);
  const strong = fitLinearAR([y], 0, origins, 3, 1, 1e6);
  const slopes = (m: typeof free) => Math.hypot(...m.coefficients.subarray(0, 3));
  assertEquals(slopes(strong) < 1e-3 * slopes(free), true);
  assertAlmostEquals(strong.coefficients[3], 5, 0.1); // intercept ≈ the mean
});

Deno.test("period detection: weekly cycle on a trend, none on a pure trend, sine period", () => {
  const weekly = Array.from({ length: 350 }, (_, t) => 0.3 * t + [5, 1, 1, 2, 1, 0, 8][t % 7]);
  assertEquals(detectPeriod(weekly), 7);
  assertEquals(detectPeriod(Array.from({ length: 200 }, (_, t) => 2 * t + 1)), 1);
  assertEquals(
    detectPeriod(Array.from({ length: 400 }, (_, t) => Math.sin(2 * Math.PI * t / 12))),
    12,
  );
});

function series(values: number[], period?: number): Series {
  return {
    name: "t",
    columns: ["y"],
    target: "y",
    targetIndex: 0,
    values: [Float64Array.from(values)],
    times: values.map((_, i) => String(i)),
    frequency: "1 step",
    period,
    repaired: { interpolated: 0, dropped: 0 },
  };
}

Deno.test("evaluateBaselines: test split only, original units, MASE scaled on train", () => {
  const values = Array.from({ length: 120 }, (_, t) => 50 + 10 * Math.sin(t / 3) + (t % 4));
  const p = prepareSeries(series(values, 4), { lookback: 6, horizon: 2 });
  const report = evaluateBaselines(p);
  assertEquals(report.seasonality.source, "config");
  const [naive, seasonal, average, ar] = report.baselines;
  // Hand loop over the test origins.
  let sum = 0, n = 0;
  for (let t = p.bounds.valEnd - 1; t + 2 < 120; t++) {
    for (const k of [1, 2]) {
      sum += Math.abs(values[t + k] - values[t]);
      n++;
    }
  }
  assertAlmostEquals(naive.mae, sum / n, 1e-9);
  assertEquals(report.actual.length, n);
  let scale = 0;
  for (let t = 4; t < p.bounds.trainEnd; t++) scale += Math.abs(values[t] - values[t - 4]);
  scale /= p.bounds.trainEnd - 4;
  assertAlmostEquals(report.seasonality.maseScale, scale, 1e-12);
  for (const b of [naive, seasonal, average, ar]) assertAlmostEquals(b.mase, b.mae / scale, 1e-12);
  assertEquals(ar.mae < naive.mae, true);
  // Test values do not move the train-fitted scale.
  const changed = values.map((x, t) => (t >= p.bounds.valEnd ? x * 3 : x));
  const q = evaluateBaselines(prepareSeries(series(changed, 4), { lookback: 6, horizon: 2 }));
  assertEquals(q.seasonality.maseScale, report.seasonality.maseScale);
});

Deno.test("seasonality: detected on train, config period checked", () => {
  const weekly = Array.from({ length: 300 }, (_, t) => 0.1 * t + [5, 1, 1, 2, 1, 0, 8][t % 7]);
  assertEquals(seasonality(prepareSeries(series(weekly), { lookback: 7 })).period, 7);
  assertThrows(
    () => seasonality(prepareSeries(series(weekly, 500), { lookback: 7 })),
    InputError,
    "series.period",
  );
});
