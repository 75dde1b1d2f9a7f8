/**
 * Reports: `summary.json`/`summary.csv`, `report.md`, and (from the charts module) SVG charts and
 * a self-contained `report.html`, all rebuilt from an output folder.
 * @module
 */
import type { ExperimentSummary } from "./summary.ts";
import { reportMarkdown } from "./markdown.ts";
import { writeCharts, writeReportHtml } from "./html.ts";

export {
  type ExperimentSummary,
  type RunRuntime,
  type RunStatus,
  type RunSummary,
  summaryCsv,
} from "./summary.ts";
export { reportMarkdown } from "./markdown.ts";

/**
 * Write `charts/*.svg`, `report.md` (embedding the charts) and the self-contained `report.html`
 * for `summary` into `outDir`, which already holds `summary.json` and the run folders.
 */
export async function writeReport(outDir: string, summary: ExperimentSummary): Promise<void> {
  const charts = await writeCharts(outDir);
  Deno.writeTextFileSync(`${outDir}/report.md`, reportMarkdown(summary, charts));
  await writeReportHtml(outDir);
}
