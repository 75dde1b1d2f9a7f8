/**
 * The `charlm` task's report section: the lecture's RNN-vs-LSTM table filled with this
 * experiment's numbers (seed means), and the result: which differences exceed the seed noise.
 * @module
 */
import type { ExperimentSummary, RunSummary } from "./summary.ts";
import { fmt, int, table } from "./_section.ts";
import { groupBySeed, groupInterval, type Metric, scoreMetric } from "./seed_groups.ts";
import { resultsSection } from "./results_section.ts";
import { formatInterval } from "../metrics/intervals.ts";

/** The score of `run`'s seed group: mean with its 95 % interval, or the one run's value. */
function groupText(runs: RunSummary[], run: RunSummary, metric: Metric): string {
  const group = groupBySeed(runs).find((g) => g.runs.includes(run))!;
  const ci = groupInterval(group, metric);
  return ci ? formatInterval(ci) : "–";
}

function find(runs: RunSummary[], cell: string, hidden?: number, embedding?: number) {
  return runs.find((r) =>
    r.cell === cell && (hidden === undefined || r.hidden === hidden) &&
    (embedding === undefined || r.embedding === embedding)
  );
}

function decay(r: RunSummary | undefined): string {
  const flow = r?.gradFlow as { decayPerStep: number; layer: number }[] | undefined;
  if (!flow?.length) return "";
  const last = flow.filter((f) => f.layer === 0).at(-1);
  return last ? `; gradient-flow decay ${fmt(last.decayPerStep, 4)} log-norm/step` : "";
}

function gradText(r: RunSummary | undefined): string {
  if (!r) return "–";
  return `median ‖g‖ ${fmt(r.gradNorm.median, 2)}, max ${fmt(r.gradNorm.max, 2)}, clipped ${
    r.clipRate == null ? "–" : `${(r.clipRate * 100).toFixed(0)}%`
  } of steps${decay(r)}${r.status === "diverged" ? " — **diverged**" : ""}`;
}

function lectureTable(runs: RunSummary[]): string {
  const lstm = find(runs, "lstm");
  const rnn = lstm ? find(runs, "rnn", lstm.hidden, lstm.embedding) : find(runs, "rnn");
  if (!lstm || !rnn) return "";
  const ratio = rnn.recurrentParams > 0 ? lstm.recurrentParams / rnn.recurrentParams : NaN;
  const metric = scoreMetric(runs);
  const seeds = Math.max(...groupBySeed(runs).map((g) => g.runs.length));
  const rows = [
    [
      "parameters (lecture: n vs 4n)",
      `n = ${int(rnn.recurrentParams)} recurrent`,
      `${int(lstm.recurrentParams)} recurrent = ${fmt(ratio, 2)} n`,
    ],
    [
      `${metric.name} (lower is better${seeds > 1 ? `; mean of ${seeds} seeds, 95 % CI` : ""})`,
      groupText(runs, rnn, metric),
      groupText(runs, lstm, metric),
    ],
    ["gradients (lecture: RNN vanish + explode, LSTM only explode)", gradText(rnn), gradText(lstm)],
  ];
  return [
    `## RNN vs LSTM, as in the lecture (hidden ${lstm.hidden}, embedding ${lstm.embedding})`,
    "",
    table(["", `RNN (${rnn.id})`, `LSTM (${lstm.id})`], rows),
  ].join("\n");
}

/** The section: the lecture table, then the result (seed groups, intervals, baseline). */
export function charlmSection(summary: ExperimentSummary): string {
  return [lectureTable(summary.runs), resultsSection(summary)].join("\n");
}
