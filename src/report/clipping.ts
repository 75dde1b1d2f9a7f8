/**
 * The clipping section of `report.md`: for an experiment whose runs differ in `training.clip`, each
 * run's clip rate, median and max gradient norm (before clipping), spike ratio (max / median),
 * divergence and final val loss, and per cell the threshold range Pascanu et al. (2013) suggest:
 * 0.5–10× the average gradient norm of the unclipped run. The "average" used is the median over
 * all steps, which the spikes themselves do not drag up.
 * @module
 */
import type { RunSummary } from "./summary.ts";
import { fmt } from "./_format.ts";

/** Pascanu et al.'s range, as multiples of the average unclipped norm. */
export const PASCANU_RANGE = [0.5, 10] as const;

/** A clip setting as a short label: `none`, `norm 5`, `value 5`. */
export function clipLabel(clip: { mode: string; threshold: number }): string {
  return clip.mode === "none" ? "none" : `${clip.mode} ${clip.threshold}`;
}

/**
 * Max / median gradient norm of a run (before clipping), or null without both.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { spikeRatio } from "./clipping.ts";
 * assert(spikeRatio({ gradNorm: { median: 2, max: 50 } }) === 25);
 * ```
 */
export function spikeRatio(run: Pick<RunSummary, "gradNorm">): number | null {
  const { median, max } = run.gradNorm;
  return median && max != null && median > 0 ? max / median : null;
}

/** Pascanu et al.'s suggested threshold range from an unclipped run, or null. */
export function pascanuRange(unclipped: RunSummary | undefined): [number, number] | null {
  const average = unclipped?.gradNorm.median;
  if (!average || !Number.isFinite(average)) return null;
  return [PASCANU_RANGE[0] * average, PASCANU_RANGE[1] * average];
}

/** True when the runs use more than one clip setting. */
export function variesClip(runs: RunSummary[]): boolean {
  return new Set(runs.map((r) => clipLabel(r.clip))).size > 1;
}

/** The section as Markdown, or "" when the runs do not vary the clip setting. */
export function clippingSection(runs: RunSummary[]): string {
  if (!variesClip(runs)) return "";
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const header = [
    "run",
    "cell",
    "clip",
    "status",
    "clip rate",
    "median ‖g‖",
    "max ‖g‖",
    "max / median",
    "final val loss",
  ];
  const rows = runs.map((r) => [
    r.id,
    r.cell,
    clipLabel(r.clip),
    r.status === "diverged" ? `**diverged** at step ${r.steps}` : r.status,
    r.clipRate == null ? "–" : `${(r.clipRate * 100).toFixed(0)}%`,
    fmt(r.gradNorm.median, 2),
    fmt(r.gradNorm.max, 2),
    fmt(spikeRatio(r), 1),
    fmt(r.valLoss, 3),
  ]);
  const out = [
    "## Gradient clipping",
    "",
    `Optimiser ${runs[0].optimizer}, learning rate ${runs[0].learningRate}. Norms are global ` +
    "gradient norms before clipping; a run diverges when its loss is non-finite or exceeds 3× " +
    "its first loss.",
    "",
    line(header),
    line(header.map(() => "---")),
    ...rows.map(line),
    "",
  ];
  for (const cell of [...new Set(runs.map((r) => r.cell))]) {
    const unclipped = runs.find((r) => r.cell === cell && r.clip.mode === "none");
    const range = pascanuRange(unclipped);
    if (!unclipped) continue;
    out.push(
      range
        ? `- ${cell}: median unclipped norm ${fmt(unclipped.gradNorm.median, 2)} (${unclipped.id}` +
          `${
            unclipped.status === "diverged"
              ? `, over its ${unclipped.steps} steps before diverging`
              : ""
          }` +
          `) → Pascanu et al.'s heuristic suggests a norm threshold of ${fmt(range[0], 2)}–${
            fmt(range[1], 2)
          }.`
        : `- ${cell}: no unclipped gradient norms, so no suggested threshold.`,
    );
  }
  return out.join("\n") + "\n";
}
