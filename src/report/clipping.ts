/**
 * The clipping section of `report.md`, for an experiment whose runs differ in `training.clip`.
 * Runs that differ only in their clip setting and seed share a column ("setting": the cell and
 * learning rate, and hidden size, layers, embedding or optimiser where those vary); each row is
 * one clip setting, and each table cell counts over the seeds. It says at which settings the
 * unclipped gradient exploded (max / median norm ≥ {@link SPIKE_EXPLODES}, from the run's gradient
 * statistics), and per setting the threshold range Pascanu et al. (2013) suggest: 0.5–10× the
 * average gradient norm of the unclipped run, the "average" being the median over all steps, which
 * the spikes themselves do not drag up (the mean over seeds).
 * @module
 */
import type { RunSummary } from "./summary.ts";
import { fmt } from "./_format.ts";
import { table } from "./_section.ts";
import { seedOf } from "./seed_groups.ts";

/** Pascanu et al.'s range, as multiples of the average unclipped norm. */
export const PASCANU_RANGE = [0.5, 10] as const;
/** A max / median gradient-norm ratio at or above this is an explosion. */
export const SPIKE_EXPLODES = 10;
/** Below this ratio (and no divergence) gradients were calm. */
export const SPIKE_CALM = 3;

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

/**
 * Whether a run's gradient exploded (a spike: max / median norm ≥ {@link SPIKE_EXPLODES}), was calm
 * (finished, ratio < {@link SPIKE_CALM}), or neither. A divergence without a spike is not an
 * explosion: then the step size, not the gradient, blew up.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { explosion } from "./clipping.ts";
 * const run = (max: number, status = "finished") => ({ gradNorm: { median: 1, max }, status }) as never;
 * assert(explosion(run(30, "diverged")) === "exploded" && explosion(run(2)) === "calm");
 * assert(explosion(run(2, "diverged")) === "unclear");
 * ```
 */
export function explosion(r: RunSummary): "exploded" | "calm" | "unclear" {
  const ratio = spikeRatio(r);
  if (ratio != null && ratio >= SPIKE_EXPLODES) return "exploded";
  if (r.status === "finished" && ratio != null && ratio < SPIKE_CALM) return "calm";
  return "unclear";
}

/** Pascanu et al.'s suggested threshold range from unclipped runs (mean median norm), or null. */
export function pascanuRange(unclipped: RunSummary[]): [number, number] | null {
  const medians = unclipped.map((r) => r.gradNorm.median).filter((m): m is number =>
    m != null && Number.isFinite(m) && m > 0
  );
  if (!medians.length) return null;
  const average = medians.reduce((a, b) => a + b, 0) / medians.length;
  return [PASCANU_RANGE[0] * average, PASCANU_RANGE[1] * average];
}

/** True when the runs use more than one clip setting. */
export function variesClip(runs: RunSummary[]): boolean {
  return new Set(runs.map((r) => clipLabel(r.clip))).size > 1;
}

/** The runs of one setting: everything but the clip setting and the seed is equal. */
export interface ClipSetting {
  /** Column header: the cell, then what else varies across settings (`rnn, lr 4`). */
  label: string;
  /** In sentences, with the learning rate always: `rnn at lr 4`. */
  name: string;
  cell: string;
  learningRate: number;
  runs: RunSummary[];
}

const SETTING_FIELDS: { key: keyof RunSummary; show: (v: unknown) => string }[] = [
  { key: "hidden", show: (v) => `hidden ${v}` },
  { key: "layers", show: (v) => `${v} layers` },
  { key: "embedding", show: (v) => `embedding ${v}` },
  { key: "optimizer", show: (v) => String(v) },
];

/**
 * The settings of a clipping study: runs grouped by cell, learning rate, hidden size, layers,
 * embedding and optimiser; by cell, each cell's in the order of their first run.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { clipSettings } from "./clipping.ts";
 * const run = (cell: string, learningRate: number) => ({ cell, learningRate, hidden: 8 }) as never;
 * const settings = clipSettings([run("rnn", 2), run("lstm", 2), run("rnn", 4), run("rnn", 2)]);
 * const labels = settings.map((s) => `${s.label}:${s.runs.length}`).join();
 * assert(labels === "rnn, lr 2:2,rnn, lr 4:1,lstm, lr 2:1");
 * assert(settings[0].name === "rnn at lr 2");
 * ```
 */
export function clipSettings(runs: RunSummary[]): ClipSetting[] {
  const varies = (key: keyof RunSummary) => new Set(runs.map((r) => r[key])).size > 1;
  const shown = SETTING_FIELDS.filter((f) => varies(f.key));
  const byLr = varies("learningRate");
  const settings = new Map<string, ClipSetting>();
  for (const r of runs) {
    const key = JSON.stringify([r.cell, r.learningRate, ...SETTING_FIELDS.map((f) => r[f.key])]);
    if (!settings.has(key)) {
      const base = [r.cell, ...shown.map((f) => f.show(r[f.key]))].join(", ");
      settings.set(key, {
        label: byLr ? `${base}, lr ${r.learningRate}` : base,
        name: `${base} at lr ${r.learningRate}`,
        cell: r.cell,
        learningRate: r.learningRate,
        runs: [],
      });
    }
    settings.get(key)!.runs.push(r);
  }
  // Grouped by cell (in the order cells first appear), each cell's settings in their order.
  const cells = [...new Set(runs.map((r) => r.cell))];
  return [...settings.values()].sort((a, b) => cells.indexOf(a.cell) - cells.indexOf(b.cell));
}

/** The runs of `setting` with clip setting `label`, in seed order. */
export function runsWithClip(setting: ClipSetting, label: string): RunSummary[] {
  return setting.runs.filter((r) => clipLabel(r.clip) === label).sort((a, b) =>
    (seedOf(a) ?? 0) - (seedOf(b) ?? 0)
  );
}

const percent = (x: number) => `${(x * 100).toFixed(0)} %`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * "diverged in k of n seeds" (with the steps; with one seed how it ended), the mean val loss of
 * the finished ones, and runs that did not end.
 */
function stabilityCell(runs: RunSummary[]): string {
  if (!runs.length) return "–";
  const diverged = runs.filter((r) => r.status === "diverged");
  const finished = runs.filter((r) => r.status === "finished");
  const other = runs.filter((r) => r.status !== "diverged" && r.status !== "finished");
  const steps = diverged.map((r) => r.steps).join(", ");
  const count = runs.length === 1
    ? (diverged.length ? `**diverged** at step ${steps}` : runs[0].status)
    : diverged.length
    ? `**diverged in ${diverged.length} of ${runs.length} seeds** (step ${steps})`
    : `diverged in 0 of ${runs.length} seeds`;
  const parts = [count];
  const losses = finished.map((r) => r.valLoss).filter((v): v is number => v != null);
  if (losses.length) parts.push(`val loss ${fmt(mean(losses))}`);
  if (other.length && runs.length > 1) parts.push(other.map((r) => r.status).join(", "));
  return parts.join("; ");
}

/** Per seed, max / median norm (marked when it exploded), then the mean share of steps clipped. */
function gradientCell(runs: RunSummary[]): string {
  if (!runs.length) return "–";
  const ratios = runs.map((r) => {
    const text = `×${fmt(spikeRatio(r), 1)}`;
    return explosion(r) === "exploded" ? `**${text}**` : text;
  }).join(", ");
  const rates = runs.map((r) => r.clipRate).filter((v): v is number => v != null);
  return rates.length && runs[0].clip.mode !== "none"
    ? `${ratios}; clipped ${percent(mean(rates))}`
    : ratios;
}

/** What the unclipped runs of a setting did, over seeds, as a sentence fragment. */
export function unclippedStory(unclipped: RunSummary[]): string {
  const n = unclipped.length;
  const ratios = unclipped.map((r) => `×${fmt(spikeRatio(r), 1)}`).join(", ");
  const exploded = unclipped.filter((r) => explosion(r) === "exploded");
  const diverged = unclipped.filter((r) => r.status === "diverged");
  const spikeFree = diverged.filter((r) => explosion(r) !== "exploded");
  const calm = unclipped.filter((r) => explosion(r) === "calm");
  const parts: string[] = [];
  if (exploded.length) {
    const alsoDiverged = exploded.filter((r) => r.status === "diverged").length;
    parts.push(
      n === 1
        ? `the gradient **exploded** (max / median ${ratios}) and the run ${
          alsoDiverged ? "diverged" : "finished"
        }`
        : `the gradient **exploded** in ${exploded.length} of ${n} seeds (max / median ${ratios}` +
          `; ${alsoDiverged} of them diverged)`,
    );
  } else {
    parts.push(`no explosion (max / median ${ratios})`);
  }
  if (spikeFree.length) {
    parts.push(
      `${
        n === 1 ? "it" : `${spikeFree.length} of ${n} seeds`
      } diverged without a gradient spike: the step size blew up, not the gradient`,
    );
  }
  if (calm.length === n) parts.push(n === 1 ? "calm" : "calm in every seed");
  else if (calm.length) parts.push(`calm in ${calm.length} of ${n} seeds`);
  return parts.join("; ");
}

/** The section as Markdown, or "" when the runs do not vary the clip setting. */
export function clippingSection(runs: RunSummary[]): string {
  if (!variesClip(runs)) return "";
  const settings = clipSettings(runs);
  const clips = [...new Set(runs.map((r) => clipLabel(r.clip)))];
  const rates = [...new Set(runs.map((r) => r.learningRate))];
  const optimizers = [...new Set(runs.map((r) => r.optimizer))];
  const seeds = [...new Set(runs.map(seedOf))].filter((s) => s != null);
  const header = ["clip", ...settings.map((s) => s.label)];
  const rows = (cell: (runs: RunSummary[]) => string) =>
    clips.map((clip) => [clip, ...settings.map((s) => cell(runsWithClip(s, clip)))]);
  const out = [
    "## Gradient clipping",
    "",
    `Optimiser ${optimizers.join(", ")}; learning rate${rates.length > 1 ? "s" : ""} ` +
    `${rates.join(", ")}${
      seeds.length > 1 ? `; seeds ${seeds.join(", ")} (each table cell counts over them)` : ""
    }. Norms are global gradient norms before clipping. A run diverges when its loss is ` +
    "non-finite or exceeds 3× its first loss; its gradient exploded when its max / median norm " +
    `is ≥ ${SPIKE_EXPLODES} (bold), and was calm when it finished below ${SPIKE_CALM}.`,
    "",
    "Stability: runs that diverged (at which step), and the mean final val loss of the others.",
    "",
    table(header, rows(stabilityCell)),
    `Gradients: max / median norm${
      seeds.length > 1 ? " per seed (in seed order)" : ""
    }, and the share of steps clipped.`,
    "",
    table(header, rows(gradientCell)),
  ];
  const lines: string[] = [];
  for (const s of settings) {
    const unclipped = runsWithClip(s, "none");
    if (!unclipped.length) continue;
    const range = pascanuRange(unclipped);
    lines.push(
      `- ${s.name}: ${unclippedStory(unclipped)}. ` +
        (range
          ? `Pascanu et al.'s heuristic suggests a norm threshold of ${fmt(range[0], 2)}–${
            fmt(range[1], 2)
          } (0.5–10× the median unclipped norm ${fmt(range[0] / PASCANU_RANGE[0], 2)}${
            unclipped.length > 1 ? ", mean over seeds" : ""
          }` +
            `${
              unclipped.some((r) => r.status === "diverged")
                ? ", over the steps before diverging"
                : ""
            }).`
          : "No unclipped gradient norms, so no suggested threshold."),
    );
  }
  if (lines.length) {
    const at = settings.filter((s) =>
      runsWithClip(s, "none").some((r) => explosion(r) === "exploded")
    );
    out.push(
      at.length
        ? `The unclipped gradient exploded at: ${at.map((s) => s.name).join(", ")}.`
        : "The unclipped gradient exploded at no setting.",
      "",
      ...lines,
    );
  }
  return out.join("\n") + "\n";
}
