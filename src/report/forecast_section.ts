/**
 * Report section for `forecast` experiments: per series, every neural model and every baseline on
 * the test split in original units (MAE, MASE, sMAPE, the M4's OWA against Naive2, conformal
 * interval coverage and MSIS), the checkpoint each neural model was scored at, the runs each
 * seed-group ensemble averaged (`forecast.ensemble`), and a verdict line: does each neural model
 * (and ensemble) beat the best statistical baseline and the M4's Comb benchmark? With several
 * series, the M4's aggregation across them.
 * @module
 */
import { m4Aggregate, type M4Score } from "../metrics/forecast.ts";
import type { SeriesSummaryEntry } from "../tasks/forecast.ts";
import type { ExperimentSummary } from "./summary.ts";
import { num } from "./_format.ts";

type SeriesModel = SeriesSummaryEntry["models"][number];

/** Models trained here (one per run) and their seed groups' ensembles: the verdict's subjects. */
const isNeural = (m: SeriesModel) => m.kind === "neural" || m.kind === "ensemble";

const percent = (x: number | undefined) => x === undefined ? "–" : `${(100 * x).toFixed(0)} %`;

/** The coverage of a model's interval at `level`, with `*` where validation was too short. */
function coverage(m: SeriesModel, level: number): string {
  const interval = m.intervals?.find((i) => i.level === level);
  return interval ? `${percent(interval.coverage)}${interval.exact ? "" : "*"}` : "–";
}

/** A model's name in tables: neural models are named by cell (or run id where that repeats). */
const label = (m: SeriesModel) => m.name;

/**
 * Markdown for `summary.series` ("" when absent).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { forecastSection } from "./forecast_section.ts";
 * const base = (name: string, mae: number) => ({
 *   name, kind: "baseline" as const, mae, rmse: mae, mase: mae, smape: 10 * mae, owa: mae,
 *   intervals: [], family: "statistical" as const,
 * });
 * const md = forecastSection({
 *   experiment: "x", description: "", task: "forecast", createdAt: "", quick: true, runs: [],
 *   series: [{
 *     series: "s", target: "y", lookback: 4, horizon: 1, period: 1, bestBaseline: "comb",
 *     bestStatistical: "comb", verdictMetric: "owa", smapeUndefined: null,
 *     adjustment: { kind: "none", reason: "no seasonal period" },
 *     models: [
 *       { ...base("rnn", 2), kind: "neural", run: "rnn", beatsBestBaseline: false,
 *         beatsBestStatistical: false, beatsComb: false,
 *         scored: { checkpoint: "best", step: 40, valLoss: 0.2 } },
 *       base("naive2", 1), base("comb", 0.9),
 *     ],
 *   }],
 * });
 * assert(md.includes("the best statistical baseline (comb, 0.900)"));
 * assert(md.includes("**rnn (2.000) does not beat either**"));
 * assert(md.includes("rnn: scored at step 40"));
 * ```
 */
export function forecastSection(summary: ExperimentSummary): string {
  const entries = summary.series;
  if (!entries?.length) return "";
  const out = [
    "## Forecasts vs baselines (test split, original units)",
    "",
    "Statistical baselines (naive2, ses, holt, damped-holt, comb, theta, ar-aic, ets) are fitted " +
    "once on the training part and run forward to each test origin without refitting; OWA is " +
    "the M4's (mean of sMAPE and MASE relative to naive2). Intervals: split conformal from the " +
    "validation residuals of each horizon step; coverage on test (`*`: too few validation " +
    "windows for the level, the largest residual used); MSIS at 95 %.",
    "",
    ...ensembleLines(summary),
  ];
  for (const s of entries) out.push(...seriesBlock(s, summary));
  if (entries.length > 1) out.push(...overall(entries));
  return out.join("\n");
}

function seriesBlock(s: SeriesSummaryEntry, summary: ExperimentSummary): string[] {
  const shape = [
    s.target ? `target ${s.target}` : "",
    s.lookback ? `lookback ${s.lookback}` : "",
    `horizon ${s.horizon}`,
    s.period ? `period ${s.period}` : "",
  ].filter(Boolean).join(", ");
  const out = [`### ${s.series} (${shape})`, ""];
  out.push(
    "| model | kind | MAE | MASE | sMAPE % | OWA | 80 % cover | 95 % cover | MSIS 95 % | note |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  const key = (m: SeriesModel) => m[s.verdictMetric ?? "mase"] ?? Infinity;
  for (const m of [...s.models].sort((a, b) => key(a) - key(b))) {
    const msis = m.intervals?.find((i) => i.level === 0.95)?.msis;
    const note = isNeural(m)
      ? [
        m.beatsBestStatistical === false ? "**loses to best statistical**" : "",
        m.beatsComb === false ? "**loses to comb**" : "",
      ].filter(Boolean).join(", ")
      : [
        m.name === s.bestStatistical ? "best statistical" : "",
        m.name === s.bestBaseline ? "lowest MAE" : "",
        m.spec && m.spec !== m.name ? m.spec : "",
      ].filter(Boolean).join("; ");
    out.push(
      `| ${label(m)} | ${m.kind} | ${num(m.mae)} | ${num(m.mase)} | ${num(m.smape, 2)} | ${
        num(m.owa)
      } | ${coverage(m, 0.8)} | ${coverage(m, 0.95)} | ${num(msis)} | ${note} |`,
    );
  }
  out.push("");
  if (s.smapeUndefined) out.push(`sMAPE and OWA: undefined here (${s.smapeUndefined}).`, "");
  if (s.adjustment) {
    out.push(`Seasonal adjustment of the M4 baselines: ${s.adjustment.reason}.`, "");
  }
  for (const m of s.models.filter((m) => m.kind === "neural")) {
    out.push(`- ${scoredLine(m, summary)}`);
  }
  for (const m of s.models.filter((m) => m.kind === "ensemble")) {
    out.push(`- ${membersLine(m, s)}`);
  }
  out.push("", verdict(s), "");
  return out;
}

/** Which step a neural model was scored at, and how its training ended. */
function scoredLine(m: SeriesModel, summary: ExperimentSummary): string {
  const run = summary.runs.find((r) => r.id === m.run);
  const trained = run ? ` of ${run.steps} trained${run.reason ? ` (${run.reason})` : ""}` : "";
  const scored = m.scored;
  if (!scored) return `${m.name}: scored with its final weights${trained}`;
  const which = scored.checkpoint === "best" ? "best validation loss" : "last weights";
  const note = scored.note ? `; ${scored.note}` : "";
  return `${m.name}: scored at step ${scored.step ?? "?"}${trained} (${which}, val loss ${
    num(scored.valLoss, 4)
  }${note})`;
}

/** What an ensemble averaged: its members, each at its scored step. */
function membersLine(m: SeriesModel, s: SeriesSummaryEntry): string {
  const members = (m.members ?? []).map((run) => {
    const step = s.models.find((n) => n.kind === "neural" && n.run === run)?.scored?.step;
    return step == null ? run : `${run} (step ${step})`;
  });
  return `${m.name}: the mean forecast of ${members.join(", ")}`;
}

/** The `forecast.ensemble` setting, and the runs each seed group's ensemble left out. */
function ensembleLines(summary: ExperimentSummary): string[] {
  const facts = summary.ensemble;
  if (!facts) return [];
  if (facts.method === "none") return ["Seed-group ensembles (`forecast.ensemble`): none.", ""];
  const out = [
    "Seed-group ensembles (`forecast.ensemble`: mean): each group of runs that differ only in " +
    "their seed also gets `<cell>-ens<n>`, whose forecast at every window is the mean of its " +
    "members' forecasts (each at its scored checkpoint), scored like every model; its intervals " +
    "come from the residuals of the members' mean validation forecasts.",
    "",
  ];
  for (const g of facts.groups) {
    const left = g.excluded.map((e) => `${e.run} (${e.reason})`).join(", ");
    if (!g.members.length) {
      out.push(`- ${g.group}: no ensemble: fewer than 2 runs to average${left ? `; ${left}` : ""}`);
    } else if (left) out.push(`- ${g.group}: ${left} left out of the mean`);
  }
  if (out.length > 2) out.push("");
  return out;
}

/** One sentence per series: neural models against the best statistical baseline and comb. */
function verdict(s: SeriesSummaryEntry): string {
  const neural = s.models.filter(isNeural);
  if (!s.bestStatistical) {
    // Outputs written before the statistical baselines: the verdict against the best on MAE.
    const losers = neural.filter((m) => !m.beatsBestBaseline).map((m) => m.name);
    return losers.length
      ? `**${losers.join(", ")} ${losers.length > 1 ? "do" : "does"} not beat** the best ` +
        `baseline (${s.bestBaseline}) on MAE.`
      : `Every neural model beats the best baseline (${s.bestBaseline}) on MAE.`;
  }
  const metric = s.verdictMetric === "owa" ? "OWA" : "MASE (sMAPE undefined)";
  const best = s.models.find((m) => m.name === s.bestStatistical);
  const comb = s.models.find((m) => m.name === "comb");
  const value = (m: SeriesModel | undefined) => num(m?.[s.verdictMetric ?? "mase"]);
  const reference = `the best statistical baseline (${s.bestStatistical}, ${value(best)}) and ` +
    `comb (${value(comb)})`;
  const parts = neural.map((m) => {
    const v = `${m.name} (${value(m)})`;
    if (m.beatsBestStatistical && m.beatsComb) return `${v} beats both`;
    if (m.beatsComb) return `${v} beats comb but **not ${s.bestStatistical}**`;
    if (m.beatsBestStatistical) return `${v} beats ${s.bestStatistical} but **not comb**`;
    return `**${v} does not beat either**`;
  });
  return `**Verdict (${metric}, lower is better)** against ${reference}: ${parts.join("; ")}.`;
}

/** The M4's aggregation over every series: mean sMAPE, mean MASE, OWA of the means. */
function overall(entries: SeriesSummaryEntry[]): string[] {
  const perSeries = entries.map((s) =>
    Object.fromEntries(
      s.models.map((m): [string, M4Score] => [label(m), { smape: m.smape, mase: m.mase }]),
    )
  );
  const aggregate = Object.entries(m4Aggregate(perSeries))
    .sort(([, a], [, b]) => (a.owa ?? a.mase ?? Infinity) - (b.owa ?? b.mase ?? Infinity));
  const out = [
    `### All ${entries.length} series (M4 aggregation)`,
    "",
    "Mean sMAPE and mean MASE over the series; OWA of the means against naive2's. Baselines are " +
    "fitted per series; a neural model's row averages its runs per series (for a many-series " +
    "run, one global model trained across those series).",
    "",
    "| model | series | mean sMAPE % | mean MASE | OWA |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const [name, a] of aggregate) {
    out.push(`| ${name} | ${a.series} | ${num(a.smape, 2)} | ${num(a.mase)} | ${num(a.owa)} |`);
  }
  out.push("");
  return out;
}
