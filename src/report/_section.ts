/**
 * What every report section shares: its type and the Markdown number and table helpers.
 * @module
 */
import type { ExperimentSummary } from "./summary.ts";

/** One report section: Markdown for a summary, or "" when it has nothing to say. */
export type ReportSection = (summary: ExperimentSummary) => string;

/** A number with `digits` decimals, "–" when missing. */
export const fmt = (x: number | null | undefined, digits = 3) =>
  x == null || !Number.isFinite(x) ? "–" : x.toFixed(digits);
/** A whole number with thousands separators, "–" when missing. */
export const int = (x: number | null | undefined) =>
  x == null || !Number.isFinite(x) ? "–" : Math.round(x).toLocaleString("en-US");

/** A Markdown table. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n") + "\n";
}
