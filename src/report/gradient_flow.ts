/**
 * The gradient-flow section of `report.md`: each run's per-step decay rate of ‖∂L_T/∂h_{T−k}‖ at
 * the last eval (layer 0), the norms at k = 0 and k = K, and the gate statistics beside them.
 * @module
 */
import type { RunSummary } from "./summary.ts";
import type { GradFlowEntry } from "../metrics/grad_flow.ts";
import type { GateEntry } from "../metrics/dynamics.ts";
import { fmt, sci } from "./_format.ts";

/** The last eval's gradient-flow entry of `layer`, if the run has any. */
export function lastFlow(run: RunSummary, layer = 0): GradFlowEntry | undefined {
  const flow = run.gradFlow as GradFlowEntry[] | undefined;
  return flow?.filter((f) => f.layer === layer).at(-1);
}

/** The last eval's gate entry of `layer`, if any. */
export function lastGates(run: RunSummary, layer = 0): GateEntry | undefined {
  const gates = run.gates as GateEntry[] | undefined;
  return gates?.filter((g) => g.layer === layer).at(-1);
}

/** The section as Markdown, or "" when no run has a gradient-flow profile. */
export function gradientFlowSection(runs: RunSummary[]): string {
  const rows = runs.flatMap((r) => {
    const flow = lastFlow(r);
    if (!flow) return [];
    const gates = lastGates(r);
    const K = flow.norms.length - 1;
    const saturation = gates && Object.keys(gates.saturated).length
      ? Object.entries(gates.saturated).map(([g, v]) => `${g} ${(v * 100).toFixed(0)}%`).join(", ")
      : "–";
    const perStep = flow.decayPerStep == null ? null : Math.exp(flow.decayPerStep);
    return [[
      r.id,
      r.cell,
      String(flow.step),
      fmt(flow.decayPerStep, 4),
      perStep == null ? "–" : `×${fmt(perStep, 3)}`,
      sci(flow.norms[0]),
      `${sci(flow.norms[K])} (k = ${K})`,
      gates?.forgetMean == null ? "–" : fmt(gates.forgetMean, 2),
      saturation,
      gates ? fmt(gates.hiddenNorm, 2) : "–",
    ]];
  });
  if (!rows.length) return "";
  const header = [
    "run",
    "cell",
    "eval step",
    "decay (log-norm/step)",
    "factor per step",
    "‖∂L_T/∂h_T‖",
    "‖∂L_T/∂h_{T−K}‖",
    "mean forget gate",
    "saturated gates",
    "‖h‖",
  ];
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const sentences = rows.map((row) =>
    `- ${row[0]} (${row[1]}): decay rate ${row[3]} log-norm/step — the gradient of the last ` +
    `position's loss ${Number(row[3]) <= 0 ? "shrinks" : "grows"} by a factor ` +
    `${row[4].replace("×", "")} per step back.`
  );
  return [
    "## Gradient flow",
    "",
    "‖∂L_T/∂h_{T−k}‖: how much the loss at the last position depends on the hidden state k steps " +
    "earlier (mean over a fixed batch, zero initial state, last eval, layer 0). The decay is the " +
    "least-squares slope of ln‖·‖ against k: negative means the gradient vanishes with distance. " +
    "Mean forget gate: lstm σ(f), gru z (share of the old state kept). Saturated: σ < 0.05 or > 0.95.",
    "",
    line(header),
    line(header.map(() => "---")),
    ...rows.map(line),
    "",
    ...sentences,
    "",
  ].join("\n");
}
