import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { forecastMetrics, mae, mase, maseScale, rmse, smape } from "../../src/metrics/forecast.ts";
import { seasonalNaiveForecast } from "../../src/baselines/mod.ts";

const TRAIN = [3, 5, 4, 8, 6, 9, 7, 12];

Deno.test("MASE scale: in-sample seasonal-naive MAE on train", () => {
  // period 1: |2|+|1|+|4|+|2|+|3|+|2|+|5| over 7
  assertEquals(maseScale(TRAIN), 19 / 7);
  // period 2: |4−3|+|8−5|+|6−4|+|9−8|+|7−6|+|12−9| over 6
  assertEquals(maseScale(TRAIN, 2), 11 / 6);
  assertThrows(() => maseScale(TRAIN, 8));
});

Deno.test("MASE definition: seasonal naive scores exactly 1 on its own training data", () => {
  for (const period of [1, 2, 3]) {
    const origins = Array.from({ length: TRAIN.length - period }, (_, i) => i + period - 1);
    const forecast = seasonalNaiveForecast(TRAIN, origins, 1, period);
    const actual = origins.map((t) => TRAIN[t + 1]);
    assertAlmostEquals(mase(actual, forecast, maseScale(TRAIN, period)), 1, 1e-12);
  }
});

Deno.test("MASE: test MAE over the train scale, independent of the test scale", () => {
  const scale = maseScale(TRAIN);
  assertEquals(mase([10, 20], [12, 17], scale), 2.5 / scale);
  assertEquals(forecastMetrics([10, 20], [12, 17], scale).mase, mase([10, 20], [12, 17], scale));
});

Deno.test("MAE, RMSE, sMAPE on hand values", () => {
  const actual = [2, 4, 0], predicted = [3, 1, 0];
  assertEquals(mae(actual, predicted), 4 / 3);
  assertEquals(rmse(actual, predicted), Math.sqrt(10 / 3));
  // 200·1/5 + 200·3/5 + 0 (0/0 counts 0), over 3
  assertAlmostEquals(smape(actual, predicted), (40 + 120) / 3, 1e-12);
  assertThrows(() => mae([1], [1, 2]));
});
