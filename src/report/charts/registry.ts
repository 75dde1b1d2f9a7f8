/**
 * The charts a report draws, in order. Adding a chart: one file exporting a `Chart`, one line here.
 * @module
 */
import type { Chart } from "./chart.ts";
import { lossChart } from "./loss.ts";
import { gradNormChart } from "./grad_norm.ts";
import { gradFlowChart } from "./grad_flow.ts";
import { forecastChart } from "./forecast.ts";
import { bpcParamsChart } from "./bpc_params.ts";
import { longMemoryChart } from "./long_memory.ts";

/** Every chart kind, in report order. */
export const CHARTS: readonly Chart[] = [
  lossChart,
  gradNormChart,
  gradFlowChart,
  forecastChart,
  bpcParamsChart,
  longMemoryChart,
];
