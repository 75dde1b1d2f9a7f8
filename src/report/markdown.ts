/**
 * `report.md`: the run table, the lecture's RNN-vs-LSTM table filled with this experiment's numbers,
 * which cell won and by how much, and the samples by training stage. It states only what the runs
 * measured; a diverged or failed run says so.
 * @module
 */
import { seedsSection } from "./seeds_section.ts";
import type { ExperimentSummary, RunSummary } from "./summary.ts";
import { clippingSection } from "./clipping.ts";
import { gradientFlowSection } from "./gradient_flow.ts";
import { fmt, int, type ReportSection, table } from "./_section.ts";
import { taskSections } from "./tasks.ts";
import { runtimeSection } from "./runtime_section.ts";
import {
  baselineLabel,
  notBeating,
  onBaselineCorpus,
  summaryBaselines,
} from "./results_section.ts";
import type { TextBaseline } from "../tasks/prepared.ts";
import type { CharLmProtocol } from "../tasks/charlm.ts";

export type { ReportSection } from "./_section.ts";

/**
 * The sections after the run table, in report order: the task's own (from the task registry of
 * `tasks.ts`), then those for any task. A new section is one file plus one line here; each returns
 * "" for experiments it does not apply to.
 */
export const SECTIONS: readonly ReportSection[] = [
  (s) => notFinished(s.runs),
  taskSections,
  seedsSection,
  (s) => clippingSection(s.runs),
  (s) => gradientFlowSection(s.runs),
  runtimeSection,
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
    protocolLines(summary.runs),
    "",
    "## Runs",
    "",
    runTable(
      summary.runs,
      summary.task === "charlm",
      summary.task === "charlm" || initVaries(summary.runs),
      summaryBaselines(summary),
    ),
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

/** A run's init as the report states it: scheme and forget-gate bias ("n/a" without a forget gate). */
function initOf(r: RunSummary): string {
  const embedding = r.embeddingInit ? `, embedding ${r.embeddingInit}` : "";
  return `${r.initScheme ?? "–"}, forget bias ${
    r.forgetBias == null ? "n/a" : r.forgetBias
  }${embedding}`;
}

function initVaries(runs: RunSummary[]): boolean {
  const applied = (pick: (r: RunSummary) => unknown) =>
    new Set(runs.map(pick).filter((v) => v != null)).size > 1;
  return applied((r) => r.initScheme) || applied((r) => r.forgetBias) ||
    applied((r) => r.embeddingInit);
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
  const embeddingInit = stated.find((r) => r.embeddingInit)?.embeddingInit;
  const embedding = embeddingInit
    ? `; embedding \`${embeddingInit}\`${
      embeddingInit === "normal" ? " (N(0, 1), as PyTorch's nn.Embedding)" : ""
    }`
    : "";
  return `\nInit: \`${scheme}\`${bias}${na}${embedding}.`;
}

function runTable(
  runs: RunSummary[],
  text: boolean,
  withInit = false,
  baselines: TextBaseline[] = [],
): string {
  // Text runs count characters and have bits/char; other tasks count input items (time steps).
  const unit = text ? "chars" : "items";
  const scored = runs.some((r) => r.scoredStep != null);
  const tested = runs.some((r) => r.testBpc != null) || baselines.length > 0;
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
    ...(scored ? ["scored step"] : []),
    text ? "val loss (nats)" : "val loss",
    ...(text ? ["val bpc", "val ppl"] : []),
    ...(text && tested ? ["test bpc"] : []),
    ...baselines.map((b) => `beats ${baselineLabel(b, baselines)}`),
    `${unit}/s`,
    "clip rate",
    "grad norm median / max",
  ];
  const rows = runs.map((r) => [
    r.id,
    r.cell,
    ...(withInit ? [initOf(r)] : []),
    String(r.hidden),
    int(r.params),
    int(r.recurrentParams),
    r.status,
    String(r.steps),
    int(r.charsSeen),
    ...(scored ? [r.scoredStep == null ? "–" : `${r.scoredStep} (${r.scoredCheckpoint})`] : []),
    fmt(r.valLoss, text ? 3 : 4),
    ...(text ? [fmt(r.valBpc), fmt(r.valPpl, 2)] : []),
    ...(text && tested ? [fmt(r.testBpc)] : []),
    ...baselines.map((b) =>
      r.status !== "finished" || !onBaselineCorpus(r, b)
        ? "–"
        : notBeating([r], b).length
        ? "**no**"
        : "yes"
    ),
    int(r.charsPerSec),
    r.clipRate == null ? "–" : `${(r.clipRate * 100).toFixed(0)}%`,
    `${fmt(r.gradNorm.median, 2)} / ${fmt(r.gradNorm.max, 2)}`,
  ]);
  // Baselines: one marked row each, with only the columns that apply.
  for (const b of baselines) {
    const cells = header.map((h) =>
      h === "run"
        ? `*${baselineLabel(b, baselines)} (baseline)*`
        : h === "cell"
        ? `${b.order}-gram KN`
        : h === "status"
        ? "baseline"
        : h === "val bpc"
        ? fmt(b.valBpc)
        : h === "val loss (nats)"
        ? fmt(b.valBpc * Math.LN2)
        : h === "val ppl"
        ? fmt(2 ** b.valBpc, 2)
        : h === "test bpc"
        ? fmt(b.testBpc)
        : "–"
    );
    rows.push(cells);
  }
  return table(header, rows);
}

/**
 * The setup lines of the evaluation protocol and optimiser: what the numbers depend on besides
 * the model (each a config key, resolved in every run's `config.json`).
 */
export function protocolLines(runs: RunSummary[]): string {
  const one = <T>(pick: (r: RunSummary) => T | undefined): T | "varies" | undefined => {
    const values = [
      ...new Set(runs.map(pick).filter((v) => v !== undefined).map((v) => JSON.stringify(v))),
    ];
    if (!values.length) return undefined;
    return values.length === 1 ? JSON.parse(values[0]) : "varies";
  };
  const lines: string[] = [];
  const checkpoint = one((r) => r.scoredCheckpoint);
  const protocol = one((r) => r.protocol as CharLmProtocol | undefined);
  if (checkpoint !== undefined) {
    const which = checkpoint === "best"
      ? "the checkpoint with the lowest periodic validation loss (`evaluation.checkpoint` best)"
      : checkpoint === "last"
      ? "the final weights (`evaluation.checkpoint` last)"
      : "varies by run (`evaluation.checkpoint`)";
    const periodic = protocol && protocol !== "varies"
      ? protocol.evalBatches.periodic >= protocol.evalBatches.val
        ? `Periodic evals cover the whole validation split (${protocol.evalBatches.val} batches).`
        : `Periodic evals (curves, checkpoint choice) use the first ${protocol.evalBatches.periodic} of the validation split's ${protocol.evalBatches.val} batches.`
      : "";
    // `evaluation.batches` (short runs): the first batches of each split, not the whole splits.
    const scored = one((r) => (r.protocol as CharLmProtocol | undefined)?.scoredBatches ?? null);
    const over = scored === undefined || scored === null
      ? "over the whole splits"
      : scored === "varies"
      ? "over the first batches of each split, as many as each run's `evaluation.batches` says"
      : `over the first ${batches(scored.val)} of the validation split and the first ` +
        `${batches(scored.test)} of the test split (\`evaluation.batches\`; 0 = the whole splits)`;
    lines.push(
      `Scored at ${which}: val and test numbers are ${over}, each evaluation ` +
        `starting from a zero state carried across its batches. ${periodic}`.trim(),
    );
  }
  const epsilon = one((r) => r.adamEpsilon ?? undefined);
  if (epsilon !== undefined) lines.push(`Adam ε: ${epsilon} (\`training.adam.epsilon\`).`);
  if (protocol && protocol !== "varies") {
    lines.push(
      `Characters unseen in training: ${
        protocol.unknownChars === "own-id"
          ? "one unknown id of their own (an extra head output)"
          : "mapped to the first vocabulary symbol"
      } (\`corpus.unknown\`). Training carries the hidden state across batches${
        protocol.resetOnWrap
          ? " and zeroes it when the batch stream wraps"
          : ", across the wrap too"
      } (\`state.resetOnWrap\`).`,
    );
  }
  const seeds = [...new Set(runs.map((r) => r.seed).filter((s) => s !== undefined))];
  if (seeds.length) lines.push(`Seeds: ${seeds.join(", ")}.`);
  return lines.length ? "\n" + lines.join("\n") + "\n" : "";
}

/** "1 batch", "4 batches". */
function batches(n: number): string {
  return `${n} batch${n === 1 ? "" : "es"}`;
}

function notFinished(runs: RunSummary[]): string {
  const bad = runs.filter((r) => r.status !== "finished");
  if (!bad.length) return "";
  return bad.map((r) => `- **${r.id} ${r.status}**${r.reason ? `: ${r.reason}` : ""}.`).join("\n") +
    "\n";
}

/** The run of `cell` at `hidden`/`embedding` with the most steps, if any. */
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
