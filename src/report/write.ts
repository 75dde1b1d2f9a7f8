/**
 * Writing an output folder's report from the folder alone: charts, `report.md`, `report.html`.
 * @module
 */
import { join } from "node:path";
import type { ExperimentSummary } from "./summary.ts";
import { reportMarkdown } from "./markdown.ts";
import { chartPath, saveCharts, writeReportHtml } from "./html.ts";
import { renderCharts } from "./charts/render.ts";
import { readOutput } from "./read.ts";

/**
 * Write `charts/*.svg`, `report.md` (embedding the charts) and the self-contained `report.html` of
 * the output folder `outDir` from what it holds alone: its `summary.json` (read back, not a value
 * in memory) and the run folders; each task's sections come from the task registry
 * (`tasks.ts`). The experiment, `deno task merge` and `deno task report` all write the report
 * through this, so a report rebuilt from a folder equals the one written with it, byte for byte.
 * Returns the summary as read.
 */
export async function writeReport(outDir: string): Promise<ExperimentSummary> {
  const folder = await readOutput(outDir);
  // summary.json is what the experiment layer wrote: an ExperimentSummary.
  const summary = folder.summary as ExperimentSummary;
  const charts = await renderCharts(folder);
  // Everything is computed before anything is written: a summary the report cannot read leaves
  // the folder as it was.
  const markdown = reportMarkdown(summary, charts.map((c) => chartPath(c.id)));
  await saveCharts(outDir, charts);
  await Deno.writeTextFile(join(outDir, "report.md"), markdown);
  await writeReportHtml(outDir, { ...folder, reportMarkdown: markdown }, charts);
  return summary;
}
