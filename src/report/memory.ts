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

/** One cell of the table: ✓/✗, the test metric and the steps to solve. */
function describe(entry: MemoryEntry | undefined): string {
  if (!entry) return "–";
  const metric = entry.metric == null
    ? "no finite score"
    : entry.metricName === "mse"
    ? `MSE ${entry.metric.toFixed(4)}`
    : `acc ${(entry.metric * 100).toFixed(1)}%`;
  return `${entry.solved ? "✓" : "✗"} ${metric}${
    entry.stepsToSolve != null ? ` (step ${entry.stepsToSolve})` : ""
  }`;
}

/** The section as Markdown, or "" without memory entries. */
export function memorySection(summary: Record<string, unknown>): string {
  const entries = memoryEntries(summary);
  if (!entries.length) return "";
  const cells = [...new Set(entries.map((e) => e.cell))];
  const lags = [...new Set(entries.map((e) => e.lag))].sort((a, b) => a - b);
  const first = entries[0];
  const rule = first.metricName === "mse"
    ? `test MSE < 0.01 (predicting the mean scores ${first.baseline.toFixed(3)})`
    : `test accuracy ≥ 99% (chance ${(first.baseline * 100).toFixed(0)}%)`;
  const line = (row: string[]) => `| ${row.join(" | ")} |`;
  const header = ["lag", ...cells];
  return [
    `## Long memory: ${first.task} (${first.variant})`,
    "",
    `Solved (✓) = ${rule}; "step" is the first eval at which validation met that rule.`,
    "",
    line(header),
    line(header.map(() => "---")),
    ...lags.map((lag) =>
      line([
        String(lag),
        ...cells.map((cell) => describe(entries.find((e) => e.lag === lag && e.cell === cell))),
      ])
    ),
    "",
  ].join("\n");
}
