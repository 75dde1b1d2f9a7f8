/**
 * `report.md`: the run table, the lecture's RNN-vs-LSTM table filled with this experiment's numbers,
 * which cell won and by how much, and the samples by training stage. It states only what the runs
 * measured; a diverged or failed run says so.
 * @module
 */
import { forecastSection } from "./forecast_section.ts";
import { seedsSection } from "./seeds_section.ts";
import type { ExperimentSummary, RunSummary } from "./summary.ts";
import { clippingSection } from "./clipping.ts";
import { gradientFlowSection } from "./gradient_flow.ts";
import { memorySection } from "./memory.ts";
import { fmt, int } from "./_format.ts";

/** Differences in val bpc smaller than this are reported as a tie (one seed, one budget). */
export const BPC_TIE = 0.01;

/** One report section: Markdown for a summary, or "" when it has nothing to say. */
export type ReportSection = (summary: ExperimentSummary) => string;

/**
 * The sections after the run table, in report order. A new section is one file plus one line here;
 * each returns "" for experiments it does not apply to.
 */
export const SECTIONS: readonly ReportSection[] = [
  (s) => notFinished(s.runs),
  forecastSection,
  (s) => s.task === "charlm" ? [lectureTable(s.runs), winner(s.runs)].join("\n") : "",
  seedsSection,
  memorySection,
  (s) => clippingSection(s.runs),
  (s) => gradientFlowSection(s.runs),
];

/** The whole report as Markdown. `charts` are relative SVG paths to embed, if any. */
export function reportMarkdown(summary: ExperimentSummary, charts: string[] = []): string {
  const parts = [
    `# ${summary.experiment}`,
    summary.description ? `${summary.description}\n` : "",
    `Task \`${summary.task}\`${
      summary.quick ? " (quick profile)" : ""
    }; written ${summary.createdAt}.`,
    initLine(summary.runs),
    "",
    "## Runs",
    "",
    runTable(summary.runs, summary.task === "charlm", initVaries(summary.runs)),
    ...SECTIONS.map((section) => section(summary)),
  ];
  if (charts.length) {
    parts.push("## Charts", "", ...charts.map((c) => `![${chartTitle(c)}](${c})`), "");
  }
  parts.push(samplesSection(summary.runs));
  return parts.filter((p) => p !== "").join("\n") + "\n";
}

function chartTitle(path: string): string {
  return path.replace(/^.*\//, "").replace(/\.svg$/, "").replace(/[-_]/g, " ");
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n") + "\n";
}

/** A run's init as the report states it: scheme and forget-gate bias ("n/a" without a forget gate). */
function initOf(r: RunSummary): string {
  return `${r.initScheme ?? "–"}, forget bias ${r.forgetBias == null ? "n/a" : r.forgetBias}`;
}

function initVaries(runs: RunSummary[]): boolean {
  const applied = (pick: (r: RunSummary) => unknown) =>
    new Set(runs.map(pick).filter((v) => v != null)).size > 1;
  return applied((r) => r.initScheme) || applied((r) => r.forgetBias);
}

/**
 * The setup line on initialisation: the scheme and the forget-gate bias of the cells that have a
 * forget gate, "n/a" for the others; "" for summaries without the init keys.
 */
export function initLine(runs: RunSummary[]): string {
  const stated = runs.filter((r) => r.initScheme !== undefined);
  if (!stated.length) return "";
  if (initVaries(stated)) return "\nInit: varies by run (the run table's init column).";
  const scheme = stated[0].initScheme;
  const withGate = [...new Set(stated.filter((r) => r.forgetBias != null).map((r) => r.cell))];
  const without = [...new Set(stated.filter((r) => r.forgetBias == null).map((r) => r.cell))];
  const bias = withGate.length
    ? `; forget-gate bias ${stated.find((r) => r.forgetBias != null)!.forgetBias} (${
      withGate.join(", ")
    })`
    : "";
  const na = without.length
    ? `; forget-gate bias n/a for ${without.join(", ")} (no forget gate)`
    : "";
  return `\nInit: \`${scheme}\`${bias}${na}.`;
}

function runTable(runs: RunSummary[], text: boolean, withInit = false): string {
  // Text runs count characters and have bits/char; other tasks count input items (time steps).
  const unit = text ? "chars" : "items";
  const header = [
    "run",
    "cell",
    ...(withInit ? ["init"] : []),
    "hidden",
    "params",
    "recurrent params",
    "status",
    "steps",
    `${unit} seen`,
    text ? "val loss (nats)" : "val loss",
    ...(text ? ["val bpc", "val ppl"] : []),
    `${unit}/s`,
    "clip rate",
    "grad norm median / max",
  ];
  return table(
    header,
    runs.map((r) => [
      r.id,
      r.cell,
      ...(withInit ? [initOf(r)] : []),
      String(r.hidden),
      int(r.params),
      int(r.recurrentParams),
      r.status,
      String(r.steps),
      int(r.charsSeen),
      fmt(r.valLoss, text ? 3 : 4),
      ...(text ? [fmt(r.valBpc), fmt(r.valPpl, 2)] : []),
      int(r.charsPerSec),
      r.clipRate == null ? "–" : `${(r.clipRate * 100).toFixed(0)}%`,
      `${fmt(r.gradNorm.median, 2)} / ${fmt(r.gradNorm.max, 2)}`,
    ]),
  );
}

function notFinished(runs: RunSummary[]): string {
  const bad = runs.filter((r) => r.status !== "finished");
  if (!bad.length) return "";
  return bad.map((r) => `- **${r.id} ${r.status}**${r.reason ? `: ${r.reason}` : ""}.`).join("\n") +
    "\n";
}

/** The run of `cell` at `hidden`/`embedding` with the most steps, if any. */
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

function samplesSection(runs: RunSummary[]): string {
  const out = ["## Samples by training stage", ""];
  for (const r of runs) {
    if (!r.samples.length) continue;
    out.push(`### ${r.id}`, "");
    for (const s of r.samples) {
      out.push(
        `**step ${s.step}** — ${(s.quality * 100).toFixed(0)}% of words found in the training text`,
        "",
        "```text",
        s.text,
        "```",
        "",
      );
    }
  }
  return out.length > 2 ? out.join("\n") : "";
}
