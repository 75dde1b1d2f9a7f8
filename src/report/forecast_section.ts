/**
 * Report section for `forecast` experiments: per series, every neural model and every baseline on
 * the test split in original units, with a flag wherever a neural model fails to beat the best
 * baseline (a forecast means nothing without its baselines).
 * @module
 */
import type { ExperimentSummary } from "./summary.ts";

const num = (x: number | null, digits = 3) =>
  x === null || !Number.isFinite(x)
    ? "–"
    : Math.abs(x) >= 100
    ? x.toFixed(1)
    : Math.abs(x) >= 0.01 || x === 0
    ? x.toFixed(digits)
    : x.toExponential(2);

/**
 * Markdown for `summary.series` ("" when absent).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { forecastSection } from "./forecast_section.ts";
 * const md = forecastSection({
 *   experiment: "x", description: "", task: "forecast", createdAt: "", quick: true, runs: [],
 *   series: [{
 *     series: "s", target: "y", lookback: 4, horizon: 1, period: 1, bestBaseline: "naive", models: [
 *       { name: "rnn", kind: "neural", mae: 2, rmse: 2, mase: 2, smape: 2, beatsBestBaseline: false },
 *       { name: "naive", kind: "baseline", mae: 1, rmse: 1, mase: 1, smape: 1 },
 *     ],
 *   }],
 * });
 * assert(md.includes("does not beat the best baseline (naive)"));
 * ```
 */
export function forecastSection(summary: ExperimentSummary): string {
  const entries = summary.series;
  if (!entries?.length) return "";
  const out = ["## Forecasts vs baselines (test split, original units)", ""];
  for (const s of entries) {
    const shape = [
      s.target ? `target ${s.target}` : "",
      s.lookback ? `lookback ${s.lookback}` : "",
      `horizon ${s.horizon}`,
      s.period ? `period ${s.period}` : "",
    ].filter(Boolean).join(", ");
    out.push(`### ${s.series} (${shape})`, "");
    out.push("| model | kind | MAE | RMSE | MASE | sMAPE % | beats best baseline? |");
    out.push("| --- | --- | --- | --- | --- | --- | --- |");
    const ranked = [...s.models].sort((a, b) => Number(a.mae) - Number(b.mae));
    for (const m of ranked) {
      const flag = m.kind === "baseline"
        ? (m.name === s.bestBaseline ? "best baseline" : "")
        : m.beatsBestBaseline
        ? "yes"
        : "**no**";
      out.push(
        `| ${m.run ?? m.name} | ${m.kind} | ${num(m.mae)} | ${num(m.rmse)} | ${num(m.mase)} | ${
          num(m.smape, 2)
        } | ${flag} |`,
      );
    }
    const losers = s.models.filter((m) => m.kind === "neural" && !m.beatsBestBaseline);
    out.push("");
    if (losers.length) {
      out.push(
        `${losers.map((m) => m.name).join(", ")} ${losers.length > 1 ? "do" : "does"} not beat ` +
          `the best baseline (${s.bestBaseline}) on MAE.`,
        "",
      );
    } else out.push(`Every neural model beats the best baseline (${s.bestBaseline}) on MAE.`, "");
  }
  return out.join("\n");
}
