/**
 * Report section for `forecast` experiments: per series, every neural model and every baseline on
 * the test split in original units, with a flag wherever a neural model fails to beat the best
 * baseline (a forecast means nothing without its baselines).
 * @module
 */
import type { ExperimentSummary } from "./summary.ts";
import { num } from "./_format.ts";

interface SeriesModel {
  name: string;
  kind: "neural" | "baseline";
  mae: number;
  rmse: number;
  mase: number;
  smape: number;
  run?: string;
  beatsBestBaseline?: boolean;
}

interface SeriesEntry {
  series: string;
  target?: string;
  lookback?: number;
  horizon: number;
  period?: number;
  bestBaseline?: string;
  models: SeriesModel[];
}

/**
 * Markdown for `summary.series` ("" when absent).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { forecastSection } from "./forecast_section.ts";
 * const md = forecastSection({
 *   experiment: "x", description: "", task: "forecast", createdAt: "", quick: true, runs: [],
 *   series: [{ series: "s", horizon: 1, bestBaseline: "naive", models: [
 *     { name: "rnn", kind: "neural", mae: 2, rmse: 2, mase: 2, smape: 2, beatsBestBaseline: false },
 *     { name: "naive", kind: "baseline", mae: 1, rmse: 1, mase: 1, smape: 1 },
 *   ] }],
 * });
 * assert(md.includes("does not beat the best baseline (naive)"));
 * ```
 */
export function forecastSection(summary: ExperimentSummary): string {
  const entries = summary.series as SeriesEntry[] | undefined;
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
    const ranked = [...s.models].sort((a, b) => a.mae - b.mae);
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
