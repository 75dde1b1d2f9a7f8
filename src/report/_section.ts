/**
 * What every report section shares: its type and the Markdown number and table helpers.
 * @module
 */
import type { ExperimentSummary } from "./summary.ts";

/** One report section: Markdown for a summary, or "" when it has nothing to say. */
export type ReportSection = (summary: ExperimentSummary) => string;

// The number formats live in one place for every report file.
export { fmt, int } from "./_format.ts";

/** A Markdown table. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n") + "\n";
}
