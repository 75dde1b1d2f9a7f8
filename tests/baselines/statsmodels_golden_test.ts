/**
 * The statistical baselines against statsmodels 0.13.5 (`tests/fixtures/golden/forecast_*.json`,
 * written by `scripts/golden_forecast.py`): forecasts at statsmodels' fitted parameters within
 * 1e-6 relative, and rnnlab's own fits' test MAE within 1 % of statsmodels' fits'.
 */
import { assert, assertEquals } from "@std/assert";
import { arForecast } from "../../src/baselines/ar_aic.ts";
import { type SeasonalAdjustment, seasonalAdjustment } from "../../src/baselines/decompose.ts";
import { etsRecursion } from "../../src/baselines/ets.ts";
import { deseasonalise, reseasonalise } from "../../src/baselines/decompose.ts";
import { holtRecursion, type TrendKind } from "../../src/baselines/exponential_smoothing.ts";
import { STATISTICAL_BASELINES } from "../../src/baselines/registry.ts";
import type { BaselineData } from "../../src/baselines/statistical.ts";
import { thetaForecast } from "../../src/baselines/theta.ts";
import { mae } from "../../src/metrics/forecast.ts";

interface GoldenModel {
  params: Record<string, number | number[]>;
  forecasts: number[][];
  testMae: number;
}

interface GoldenForecast {
  name: string;
  period: number;
  horizon: number;
  trainEnd: number;
  origins: number[];
  y: number[];
  adjustment: { kind: SeasonalAdjustment["kind"]; indices: number[] };
  models: Record<string, GoldenModel>;
}

const NAMES = ["seasonal", "trending", "nonpositive"];
const cases: GoldenForecast[] = NAMES.map((name) =>
  JSON.parse(
    Deno.readTextFileSync(new URL(`../fixtures/golden/forecast_${name}.json`, import.meta.url)),
  )
);

function assertRelClose(actual: ArrayLike<number>, expected: number[][], what: string): void {
  const flat = expected.flat();
  assertEquals(actual.length, flat.length, what);
  for (let i = 0; i < flat.length; i++) {
    const error = Math.abs(actual[i] - flat[i]) / Math.max(1, Math.abs(flat[i]));
    assert(error < 1e-6, `${what}[${i}]: ${actual[i]} vs statsmodels ${flat[i]}`);
  }
}

function adjustmentOf(c: GoldenForecast): SeasonalAdjustment {
  return { ...c.adjustment, period: c.period, reason: "statsmodels" };
}

for (const c of cases) {
  const y = Float64Array.from(c.y);
  const adjustment = adjustmentOf(c);
  const adjusted = deseasonalise(y, adjustment);
  const at = (f: Float64Array) => reseasonalise(f, c.origins, c.horizon, adjustment);

  Deno.test(`statsmodels ${c.name}: M4 seasonality test and seasonal_decompose indices`, () => {
    const ours = seasonalAdjustment(y.subarray(0, c.trainEnd), c.period);
    assertEquals(ours.kind, c.adjustment.kind);
    assertRelClose(ours.indices, [c.adjustment.indices], "indices");
  });

  Deno.test(`statsmodels ${c.name}: forecasts at statsmodels' parameters`, () => {
    const holt = (id: string, trend: TrendKind) => {
      const p = c.models[id].params as Record<string, number>;
      const params = { beta: 0, phi: 1, trend0: 0, alpha: p.alpha, level0: p.level0, ...p };
      const f = holtRecursion(adjusted, params, trend, c.origins, c.horizon, 0).forecasts;
      assertRelClose(at(f), c.models[id].forecasts, id);
    };
    holt("ses", "none");
    holt("holt", "additive");
    holt("damped-holt", "damped");

    const theta = c.models.theta.params as { alpha: number; b0: number; level0: number };
    assertRelClose(
      at(thetaForecast(adjusted, theta, c.origins, c.horizon)),
      c.models.theta.forecasts,
      "theta",
    );

    const ar = c.models["ar-aic"].params as { coefficients: number[] };
    const [constant, ...coefficients] = ar.coefficients;
    const arF = arForecast(y, { constant, coefficients }, c.origins, c.horizon);
    assertRelClose(arF, c.models["ar-aic"].forecasts, "ar-aic");

    const e = c.models.ets.params as Record<string, number>;
    const m = Object.keys(e).filter((k) => k.startsWith("initial_seasonal")).length;
    const ets = {
      alpha: e.smoothing_level,
      beta: e.smoothing_trend,
      gamma: e.smoothing_seasonal ?? 0,
      phi: e.damping_trend,
      level0: e.initial_level,
      trend0: e.initial_trend,
      seasonal0: Array.from({ length: m }, (_, i) => e[`initial_seasonal.${i}`]),
    };
    const etsF = etsRecursion(y, ets, c.origins, c.horizon, 0).forecasts;
    assertRelClose(etsF, c.models.ets.forecasts, "ets");
  });

  Deno.test(`statsmodels ${c.name}: rnnlab's fits score within 1 % of statsmodels' fits`, () => {
    const data: BaselineData = {
      target: y,
      trainEnd: c.trainEnd,
      horizon: c.horizon,
      period: c.period,
      adjustment,
      maxLag: c.models["ar-aic"].params.maxlag as number,
    };
    const actual = c.origins.flatMap((o) => c.y.slice(o + 1, o + 1 + c.horizon));
    const rows: string[] = [];
    for (const baseline of STATISTICAL_BASELINES) {
      const fitted = baseline.fit(data);
      if (baseline.id === "ar-aic") {
        assertEquals(fitted.params.order, c.models["ar-aic"].params.order);
      }
      const ours = mae(actual, fitted.forecast(c.origins));
      const theirs = c.models[baseline.id].testMae;
      rows.push(`${baseline.id} ${ours.toFixed(4)} vs ${theirs.toFixed(4)}`);
      assert(Math.abs(ours - theirs) <= 0.01 * theirs, `${c.name}: ${rows.join("; ")}`);
    }
  });
}
