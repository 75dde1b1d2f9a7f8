/**
 * Baselines a neural model must beat. Forecasting: the simple ones (naive, seasonal naive, moving
 * average, linear autoregression) and the field's statistical ones (naive2, ses, holt, damped-holt,
 * comb, theta, ar-aic, ets; checked against statsmodels), plus period detection, seasonal adjustment
 * and scoring on the test split. Text: an interpolated Kneser–Ney character n-gram model.
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
  scoreForecast,
  type Seasonality,
  seasonality,
} from "./evaluate.ts";
export {
  deseasonalise,
  passesSeasonalityTest,
  reseasonalise,
  type SeasonalAdjustment,
  seasonalAdjustment,
  seasonalIndices,
} from "./decompose.ts";
export type { BaselineData, FittedBaseline, StatisticalBaseline } from "./statistical.ts";
export { STATISTICAL_BASELINES } from "./registry.ts";
export { fitNgram, ngramBitsPerChar, type NgramModel, ngramProbability } from "./ngram.ts";
