/**
 * The long-memory section of `report.md`: for the `adding` and `copy` tasks, the success table of
 * the summary's `tasks` (one row per lag, one column per cell).
 * @module
 */
import type { MemoryEntry } from "../tasks/memory.ts";

/** The summary's `tasks` table (empty when absent). */
export function memoryEntries(summary: Record<string, unknown>): MemoryEntry[] {
  return Array.isArray(summary.tasks) ? summary.tasks as MemoryEntry[] : [];
}

/**
 * A success-table entry with the seed of the run it came from (absent in a one-run table) and its
 * table column: the cell, with its forget bias where that cell ran at several.
 */
export type SeededEntry = MemoryEntry & { seed?: number; column: string };

/**
 * The success table's entries with their runs' seeds: from the runs' own `memory` entries where
 * the runs have them (the summary's `tasks` carries no seed), else the `tasks` table. Runs of one
 * cell at different forget biases (lstm-init-adding, lstm-variants-adding) get a column each:
 * pooling them would count two settings' runs as seeds of one.
 */
export function seededEntries(summary: Record<string, unknown>): SeededEntry[] {
  const runs = Array.isArray(summary.runs)
    ? summary.runs as { memory?: MemoryEntry; seed?: number; forgetBias?: number | null }[]
    : [];
  const withMemory = runs.filter((r) => r.memory);
  if (!withMemory.length) return memoryEntries(summary).map((e) => ({ ...e, column: e.cell }));
  const biases = new Map<string, Set<number | null | undefined>>();
  for (const r of withMemory) {
    const cell = r.memory!.cell;
    biases.set(cell, (biases.get(cell) ?? new Set()).add(r.forgetBias));
  }
  return withMemory.map((r) => {
    const cell = r.memory!.cell;
    const column = biases.get(cell)!.size > 1 ? `${cell} (forget bias ${r.forgetBias})` : cell;
    return { ...r.memory!, seed: r.seed, column };
  });
}

const metricText = (entry: MemoryEntry, value: number) =>
  entry.metricName === "mse" ? value.toFixed(4) : `${(value * 100).toFixed(1)}%`;

/** One cell of one run: ✓/✗, the test metric and the steps to solve. */
function describe(entry: MemoryEntry): string {
  const metric = entry.metric == null
    ? "no finite score"
    : `${entry.metricName === "mse" ? "MSE" : "acc"} ${metricText(entry, entry.metric)}`;
  return `${entry.solved ? "✓" : "✗"} ${metric}${
    entry.stepsToSolve != null ? ` (step ${entry.stepsToSolve})` : ""
  }`;
}

/**
 * One cell of the table: a run's result, or over several seeds how many solved it (✓ in every
 * seed, ✗ in none), the range of the test metric and of the steps to solve.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { describeSeeds } from "./memory.ts";
 * const e = (seed: number, solved: boolean, metric: number, step: number | null) =>
 *   ({ seed, solved, metric, metricName: "mse", stepsToSolve: step }) as never;
 * assert(describeSeeds([e(1, true, 0.0002, 400)]) === "✓ MSE 0.0002 (step 400)");
 * assert(
 *   describeSeeds([e(1, true, 0.0002, 400), e(2, false, 0.17, null)]) ===
 *     "1/2 seeds ✓ (MSE 0.0002 … 0.1700; step 400)",
 * );
 * ```
 */
export function describeSeeds(entries: readonly MemoryEntry[]): string {
  if (!entries.length) return "–";
  if (entries.length === 1) return describe(entries[0]);
  const solved = entries.filter((e) => e.solved).length;
  const mark = solved === entries.length
    ? `✓ ${solved}/${entries.length} seeds`
    : solved === 0
    ? `✗ 0/${entries.length} seeds`
    : `${solved}/${entries.length} seeds ✓`;
  const values = entries.flatMap((e) => (e.metric == null ? [] : [e.metric]));
  const steps = entries.flatMap((e) => (e.stepsToSolve == null ? [] : [e.stepsToSolve]));
  // One value where the ends read alike (e.g. MSE 0.0001 in every seed).
  const range = (xs: number[], text: (x: number) => string) => {
    const low = text(Math.min(...xs)), high = text(Math.max(...xs));
    return low === high ? low : `${low} … ${high}`;
  };
  const parts = [
    values.length
      ? `${entries[0].metricName === "mse" ? "MSE" : "acc"} ${
        range(values, (x) => metricText(entries[0], x))
      }${values.length < entries.length ? "; some not finite" : ""}`
      : "no finite score",
    ...(steps.length ? [`step ${range(steps, String)}`] : []),
  ];
  return `${mark} (${parts.join("; ")})`;
}

/** The section as Markdown, or "" without memory entries. */
export function memorySection(summary: Record<string, unknown>): string {
  const entries = seededEntries(summary);
  if (!entries.length) return "";
  const columns = [...new Set(entries.map((e) => e.column))];
  const lags = [...new Set(entries.map((e) => e.lag))].sort((a, b) => a - b);
  const seeds = [...new Set(entries.map((e) => e.seed))];
  const first = entries[0];
  const rule = first.metricName === "mse"
    ? `test MSE < 0.01 (predicting the mean scores ${first.baseline.toFixed(3)})`
    : `test accuracy ≥ 99% (chance ${(first.baseline * 100).toFixed(0)}%)`;
  const line = (row: string[]) => `| ${row.join(" | ")} |`;
  const header = ["lag", ...columns];
  return [
    `## Long memory: ${first.task} (${first.variant})`,
    "",
    `Solved (✓) = ${rule}; "step" is the first eval at which validation met that rule.` +
    (seeds.length > 1
      ? ` Over ${seeds.length} seeds (${
        seeds.join(", ")
      }): how many solved each lag, and the range of the test score and of the step.`
      : ""),
    "",
    line(header),
    line(header.map(() => "---")),
    ...lags.map((lag) =>
      line([
        String(lag),
        ...columns.map((column) =>
          describeSeeds(entries.filter((e) => e.lag === lag && e.column === column))
        ),
      ])
    ),
    "",
  ].join("\n");
}
