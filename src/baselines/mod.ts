/**
 * Baselines a neural model must beat. Forecasting: naive, seasonal naive, moving average and linear
 * autoregression, plus period detection and scoring on the test split. Text: an interpolated
 * Kneser–Ney character n-gram model.
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
export { fitNgram, ngramBitsPerChar, type NgramModel, ngramProbability } from "./ngram.ts";
