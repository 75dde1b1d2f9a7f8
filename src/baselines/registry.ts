/**
 * The statistical baselines of the field, by id, in the order the report lists them. Adding one
 * is one file and one line here.
 * @module
 */
import { arAic } from "./ar_aic.ts";
import { comb } from "./comb.ts";
import { ets } from "./ets.ts";
import { dampedHolt, holt, ses } from "./exponential_smoothing.ts";
import { naive2 } from "./naive2.ts";
import type { StatisticalBaseline } from "./statistical.ts";
import { theta } from "./theta.ts";

/** Every statistical baseline (M4 benchmarks first). */
export const STATISTICAL_BASELINES: readonly StatisticalBaseline[] = [
  naive2,
  ses,
  holt,
  dampedHolt,
  comb,
  theta,
  arAic,
  ets,
];
