/**
 * Report section for grids over `training.seed`: runs that differ only in their seed are grouped,
 * with the mean, standard deviation and range of their final validation loss (and bpc), so a
 * difference between cells can be weighed against the spread between seeds.
 * @module
 */
import type { ExperimentSummary, RunSummary } from "./summary.ts";

const SEED_LABEL = /(^|-)seed=-?\d+(?=-|$)/;

/**
 * The id of `id`'s seed group: the id without its `seed=N` label (undefined without one).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { seedGroup } from "./seeds_section.ts";
 * assert(seedGroup("lstm-h128-seed=2") === "lstm-h128");
 * assert(seedGroup("seed=3") === "(all)");
 * assert(seedGroup("lstm-h128") === undefined);
 * ```
 */
export function seedGroup(id: string): string | undefined {
  if (!SEED_LABEL.test(id)) return undefined;
  return id.replace(SEED_LABEL, "").replace(/^-/, "") || "(all)";
}

function stats(xs: number[]): { mean: number; sd: number; min: number; max: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1
    ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1))
    : 0;
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
}

/**
 * Markdown for the seed groups of `summary` ("" when no group has two finished runs).
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { seedsSection } from "./seeds_section.ts";
 * const run = (id: string, valLoss: number) => ({ id, status: "finished", valLoss, valBpc: null });
 * const md = seedsSection({
 *   experiment: "x", description: "", task: "charlm", createdAt: "", quick: false,
 *   // deno-lint-ignore no-explicit-any
 *   runs: [run("rnn-seed=1", 1), run("rnn-seed=2", 3)] as any,
 * });
 * assert(md.includes("| rnn | 2 | 2.0000 ± 1.4142 | 1.0000 – 3.0000 |"));
 * ```
 */
export function seedsSection(summary: ExperimentSummary): string {
  const groups = new Map<string, RunSummary[]>();
  for (const run of summary.runs) {
    const group = seedGroup(run.id);
    if (group === undefined) continue;
    groups.set(group, [...groups.get(group) ?? [], run]);
  }
  const rows: string[] = [];
  for (const [group, runs] of groups) {
    const ended = runs.filter((r) => r.status === "finished" && r.valLoss != null);
    if (ended.length < 2) continue;
    const loss = stats(ended.map((r) => r.valLoss!));
    const bpcs = ended.map((r) => r.valBpc).filter((x): x is number => x != null);
    const bpc = bpcs.length === ended.length ? stats(bpcs) : null;
    const notEnded = runs.length - ended.length;
    rows.push(
      `| ${group} | ${ended.length}${notEnded ? ` (+${notEnded} not finished)` : ""} | ${
        loss.mean.toFixed(4)
      } ± ${loss.sd.toFixed(4)} | ${loss.min.toFixed(4)} – ${loss.max.toFixed(4)} | ${
        bpc ? `${bpc.mean.toFixed(3)} ± ${bpc.sd.toFixed(3)}` : "–"
      } |`,
    );
  }
  if (!rows.length) return "";
  return [
    "## Across seeds",
    "",
    "Runs that differ only in `training.seed`, grouped: mean ± sample standard deviation of the " +
    "final validation loss, its range, and val bpc where measured. A difference between groups " +
    "smaller than their spread is not evidence either way.",
    "",
    "| runs | seeds | val loss mean ± sd | val loss range | val bpc mean ± sd |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
