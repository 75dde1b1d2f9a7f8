/**
 * Reports: `summary.json`/`summary.csv`, `report.md`, and (from the charts module) SVG charts and
 * a self-contained `report.html`, all rebuilt from an output folder.
 * @module
 */
import type { ExperimentSummary } from "./summary.ts";
import { reportMarkdown } from "./markdown.ts";

export { type ExperimentSummary, type RunSummary, runSummary, summaryCsv } from "./summary.ts";
export { reportMarkdown } from "./markdown.ts";

/** Write `report.md` (and charts/HTML where available) for `summary` into `outDir`. */
export async function writeReport(outDir: string, summary: ExperimentSummary): Promise<void> {
  await Promise.resolve();
  Deno.writeTextFileSync(`${outDir}/report.md`, reportMarkdown(summary));
}
