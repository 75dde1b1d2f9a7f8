/**
 * Report charts: one file per chart, a registry, and headless SVG rendering.
 * @module
 */
export type { Chart } from "./chart.ts";
export { CHARTS } from "./registry.ts";
export { renderCharts, type RenderedChart, renderSvg } from "./render.ts";
export { lossChart } from "./loss.ts";
export { gradNormChart } from "./grad_norm.ts";
export { gradFlowChart } from "./grad_flow.ts";
export { forecastChart } from "./forecast.ts";
export { bpcParamsChart } from "./bpc_params.ts";
export { longMemoryChart } from "./long_memory.ts";
