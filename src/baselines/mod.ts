/**
 * Forecasting baselines: naive, seasonal naive, moving average and linear autoregression, plus
 * period detection and scoring on the test split. A neural forecast means little until it beats
 * these.
 * @module
 */
export { naiveForecast } from "./naive.ts";
export { seasonalNaiveForecast } from "./seasonal_naive.ts";
export { movingAverageForecast } from "./moving_average.ts";
export { fitLinearAR, type LinearArModel, predictLinearAR } from "./linear_ar.ts";
export { autocorrelation, detectPeriod } from "./period.ts";
export {
  type BaselineOptions,
  type BaselineReport,
  type BaselineResult,
  evaluateBaselines,
  type ModelScore,
  type Seasonality,
  seasonality,
} from "./evaluate.ts";
