/**
 * The `charlm` task's report section: the lecture's RNN-vs-LSTM table filled with this
 * experiment's numbers, and which cell won and by how much.
 * @module
 */
import type { ExperimentSummary, RunSummary } from "./summary.ts";
import { fmt, int, table } from "./_section.ts";

/** Differences in val bpc smaller than this are reported as a tie (one seed, one budget). */
export const BPC_TIE = 0.01;

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
  const rows = [
    [
      "parameters (lecture: n vs 4n)",
      `n = ${int(rnn.recurrentParams)} recurrent`,
      `${int(lstm.recurrentParams)} recurrent = ${fmt(ratio, 2)} n`,
    ],
    ["val bits/char (lower is better)", fmt(rnn.valBpc), fmt(lstm.valBpc)],
    ["gradients (lecture: RNN vanish + explode, LSTM only explode)", gradText(rnn), gradText(lstm)],
  ];
  return [
    `## RNN vs LSTM, as in the lecture (hidden ${lstm.hidden}, embedding ${lstm.embedding})`,
    "",
    table(["", `RNN (${rnn.id})`, `LSTM (${lstm.id})`], rows),
  ].join("\n");
}

function winner(runs: RunSummary[]): string {
  const finished = runs.filter((r) => r.status === "finished" && r.valBpc != null)
    .sort((a, b) => a.valBpc! - b.valBpc!);
  if (!finished.length) return "## Result\n\nNo run finished, so there is no winner.\n";
  const best = finished[0];
  const lines = [
    "## Result",
    "",
    `Lowest val bpc: **${best.id}** (${fmt(best.valBpc)} bpc, ${int(best.params)} params).`,
  ];
  for (const other of finished.slice(1)) {
    const d = other.valBpc! - best.valBpc!;
    lines.push(
      `- ${other.id}: ${fmt(other.valBpc)} bpc, ${d < BPC_TIE ? "a tie" : `${fmt(d)} bpc worse`} (${
        fmt((d / other.valBpc!) * 100, 1)
      }%).`,
    );
  }
  const lstm = find(finished, "lstm");
  const rnn = lstm ? find(finished, "rnn", lstm.hidden, lstm.embedding) : undefined;
  if (lstm && rnn) {
    const d = rnn.valBpc! - lstm.valBpc!;
    const verdict = Math.abs(d) < BPC_TIE
      ? `a tie (|Δ| < ${BPC_TIE} bpc), so this run neither confirms nor contradicts the lecture`
      : d > 0
      ? `the LSTM is ${fmt(d)} bpc better, which matches the lecture`
      : `the RNN is ${fmt(-d)} bpc better, which does not match the lecture`;
    lines.push(
      "",
      `At equal width (hidden ${lstm.hidden}): ${verdict}. One seed and one budget; rerun with ` +
        "other seeds before drawing a firm conclusion.",
    );
    const wide = finished.find((r) => r.cell === "rnn" && r !== rnn);
    if (wide) {
      const dw = wide.valBpc! - lstm.valBpc!;
      lines.push(
        `At about equal recurrent parameters (${wide.id}: ${int(wide.recurrentParams)} vs ` +
          `${int(lstm.recurrentParams)}; all parameters ${int(wide.params)} vs ${
            int(lstm.params)
          }): ` +
          (Math.abs(dw) < BPC_TIE
            ? "a tie."
            : dw > 0
            ? `the LSTM is ${fmt(dw)} bpc better.`
            : `the wide RNN is ${fmt(-dw)} bpc better.`),
      );
    }
  }
  const diverged = runs.filter((r) => r.status === "diverged").map((r) => r.id);
  if (diverged.length) lines.push("", `Diverged (no final metrics): ${diverged.join(", ")}.`);
  return lines.join("\n") + "\n";
}

/** The section: the lecture table and the winner. */
export function charlmSection(summary: ExperimentSummary): string {
  return [lectureTable(summary.runs), winner(summary.runs)].join("\n");
}
