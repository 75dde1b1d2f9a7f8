/**
 * The "Result" section of a text experiment: each seed group's score (test bpc at the scored
 * checkpoint) with its 95 % interval, every comparison as a paired difference over seeds — a
 * winner only where the interval excludes 0 — when the LSTM overtakes the RNN, and which runs do
 * not beat the n-gram baseline.
 * @module
 */
import type { ExperimentSummary, RunSummary } from "./summary.ts";
import type { TextBaseline } from "../tasks/prepared.ts";
import {
  compareGroups,
  comparisonSentence,
  crossover,
  crossoverSentence,
  groupBySeed,
  groupInterval,
  type Metric,
  scoreMetric,
  type SeedGroup,
} from "./seed_groups.ts";
import { formatInterval } from "../metrics/intervals.ts";

/** The summary's baselines (none in summaries written before they existed). */
export function summaryBaselines(summary: ExperimentSummary): TextBaseline[] {
  return Array.isArray(summary.baselines) ? summary.baselines : [];
}

/**
 * How a baseline is named in a report: its id, and its corpus when the summary's baselines span
 * several corpora (each corpus has its own n-gram).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { baselineLabel } from "./results_section.ts";
 * const b = (corpus: string) => ({ id: "ngram-5", corpus }) as never;
 * assert(baselineLabel(b("x"), [b("x")]) === "ngram-5");
 * assert(baselineLabel(b("x"), [b("x"), b("y")]) === "ngram-5 (x)");
 * ```
 */
export function baselineLabel(baseline: TextBaseline, all: readonly TextBaseline[]): string {
  const corpora = new Set(all.map((b) => b.corpus));
  return corpora.size > 1 ? `${baseline.id} (${baseline.corpus})` : baseline.id;
}

/** Whether `run` was trained on `baseline`'s corpus (runs without a corpus field: yes). */
export function onBaselineCorpus(run: RunSummary, baseline: TextBaseline): boolean {
  return typeof run.corpus !== "string" || run.corpus === baseline.corpus;
}

/**
 * The runs that do not beat `baseline` on the score (test bpc, else val bpc): a finished run on the
 * baseline's corpus whose score is not below the baseline's.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { notBeating } from "./results_section.ts";
 * const run = (id: string, testBpc: number) => ({ id, status: "finished", testBpc }) as never;
 * const baseline = {
 *   id: "ngram-5", kind: "baseline" as const, corpus: "x", order: 5, valBpc: 2.2, testBpc: 2.2,
 *   seconds: 1,
 * };
 * assert(notBeating([run("rnn", 2.5), run("lstm", 2.1)], baseline).join() === "rnn");
 * // A run on another corpus is not measured against this corpus's baseline.
 * const other = ({ id: "gru", status: "finished", testBpc: 2.9, corpus: "y" }) as never;
 * assert(notBeating([other], baseline).length === 0);
 * ```
 */
export function notBeating(runs: readonly RunSummary[], baseline: TextBaseline): string[] {
  const metric = scoreMetric(runs);
  const reference = metric.name === "test bpc" ? baseline.testBpc : baseline.valBpc;
  if (reference == null) return [];
  return runs.filter((r) => {
    // A baseline is fitted on one corpus: only runs on that corpus are measured against it.
    if (!onBaselineCorpus(r, baseline)) return false;
    const score = metric.of(r);
    return score !== null && score >= reference;
  }).map((r) => r.id);
}

const fmt = (x: number | null | undefined, digits = 3) =>
  x == null || !Number.isFinite(x) ? "–" : x.toFixed(digits);

/** The lstm and rnn groups of equal width and, if present, a wider rnn group. */
function cellGroups(groups: SeedGroup[]) {
  const first = (g: SeedGroup) => g.runs[0];
  const lstm = groups.find((g) => first(g).cell === "lstm");
  const rnn = lstm
    ? groups.find((g) =>
      first(g).cell === "rnn" && first(g).hidden === first(lstm).hidden &&
      first(g).embedding === first(lstm).embedding && first(g).layers === first(lstm).layers
    )
    : undefined;
  const wide = lstm && rnn ? groups.find((g) => first(g).cell === "rnn" && g !== rnn) : undefined;
  return { lstm, rnn, wide };
}

function groupRow(group: SeedGroup, metric: Metric, baselines: TextBaseline[]): string {
  const ci = groupInterval(group, metric);
  const finished = group.runs.filter((r) => r.status === "finished").length;
  const notBeat = baselines.filter((b) => notBeating(group.runs, b).length > 0)
    .map((b) => baselineLabel(b, baselines));
  return `| ${group.id} | ${finished}/${group.runs.length} | ${ci ? formatInterval(ci) : "–"} | ${
    notBeat.length ? `**does not beat ${notBeat.join(", ")}** in some seed` : "–"
  } |`;
}

/**
 * Markdown for the result of a text experiment ("" for other tasks or without finished runs).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { resultsSection } from "./results_section.ts";
 * const run = (id: string, cell: string, testBpc: number) =>
 *   ({ id, cell, hidden: 8, embedding: 4, layers: 1, status: "finished", testBpc, evals: [],
 *      steps: 10, charsSeen: 100 }) as never;
 * const md = resultsSection({
 *   experiment: "x", description: "", task: "charlm", createdAt: "", quick: false,
 *   runs: [run("rnn-seed=1", "rnn", 2.5), run("rnn-seed=2", "rnn", 2.6),
 *          run("lstm-seed=1", "lstm", 2.3), run("lstm-seed=2", "lstm", 2.45)],
 * });
 * assert(md.includes("rnn − lstm, test bpc: 0.175 ± "));
 * ```
 */
export function resultsSection(summary: ExperimentSummary): string {
  if (summary.task !== "charlm") return "";
  const finished = summary.runs.filter((r) => r.status === "finished");
  if (!finished.length) return "## Result\n\nNo run finished, so there is no result.\n";
  const metric = scoreMetric(summary.runs);
  const groups = groupBySeed(summary.runs);
  const baselines = summaryBaselines(summary);
  const ranked = groups.map((g) => ({ g, ci: groupInterval(g, metric) }))
    .filter((x) => x.ci !== null)
    .sort((a, b) => a.ci!.mean - b.ci!.mean);
  const seeds = Math.max(...groups.map((g) => g.runs.length));
  const lines = [
    "## Result",
    "",
    `Score: ${metric.name} at each run's scored checkpoint, mean over seeds with a 95 % ` +
    "interval (Student's t). Differences are paired by seed; a cell is better only where the " +
    "interval of the difference excludes 0." +
    (seeds < 2
      ? " One seed per setting: no interval, so no difference below is a verdict (add " +
        "`--set 'grid.training.seed=[1,2,3]'`)."
      : ""),
    "",
    `| runs | finished | ${metric.name} | baseline |`,
    "| --- | --- | --- | --- |",
    ...ranked.map(({ g }) => groupRow(g, metric, baselines)),
    "",
  ];
  const best = ranked[0]?.g;
  if (best) {
    lines.push(`Lowest mean ${metric.name}: **${best.id}**.`, "");
    for (const { g } of ranked.slice(1)) {
      lines.push(`- ${comparisonSentence(compareGroups(g, best, metric))}`);
    }
    lines.push("");
  }
  const { lstm, rnn, wide } = cellGroups(groups);
  if (lstm && rnn) {
    lines.push(
      `At equal width (hidden ${lstm.runs[0].hidden}): ${
        comparisonSentence(compareGroups(rnn, lstm, metric))
      }`,
      crossoverSentence(lstm.id, rnn.id, crossover(lstm, rnn)),
    );
    if (wide) {
      lines.push(
        `At about equal recurrent parameters (${wide.runs[0].recurrentParams} vs ${
          lstm.runs[0].recurrentParams
        }): ${comparisonSentence(compareGroups(wide, lstm, metric))}`,
      );
    }
    lines.push("");
  }
  // Runs scored on the first batches of each split only (`evaluation.batches`, short runs).
  const partial = summary.runs.some((r) =>
    (r.protocol as { scoredBatches?: unknown } | undefined)?.scoredBatches !== undefined
  );
  for (const b of baselines) {
    const weak = notBeating(summary.runs, b);
    lines.push(
      `Baseline ${
        baselineLabel(b, baselines)
      } (interpolated Kneser–Ney, fit on the training split): val bpc ${fmt(b.valBpc)}, test bpc ${
        fmt(b.testBpc)
      } over the whole splits${
        partial ? " (the runs' over the first batches of each split: `evaluation.batches`)" : ""
      }. ` +
        (weak.length ? `**Not beaten by: ${weak.join(", ")}.**` : "Every finished run beats it."),
    );
  }
  const diverged = summary.runs.filter((r) => r.status === "diverged").map((r) => r.id);
  if (diverged.length) lines.push("", `Diverged (no final metrics): ${diverged.join(", ")}.`);
  return lines.join("\n") + "\n";
}
