/**
 * The report side of the task registry: each task's report module, by task name, so a report is
 * rebuilt from an output folder alone (no live task). Adding a task: its module plus one line here.
 * @module
 */
import type { TaskName } from "../config/schema.ts";
import type { ReportSection } from "./_section.ts";
import type { ExperimentSummary } from "./summary.ts";
import { charlmSection } from "./charlm.ts";
import { budgetTableSection } from "./budget_table.ts";
import { forecastSection } from "./forecast_section.ts";
import { lstmVariantsSection } from "./lstm_variants.ts";
import { memorySection } from "./memory.ts";

/** A task's contribution to `report.md`. */
export interface TaskReport {
  /** Its sections, in order, right after the run table's "not finished" note. */
  sections: readonly ReportSection[];
}

/** Every task's report module, by task name. */
export const TASK_REPORTS: Readonly<Record<TaskName, TaskReport>> = {
  charlm: { sections: [charlmSection, lstmVariantsSection, budgetTableSection] },
  adding: { sections: [memorySection, lstmVariantsSection] },
  copy: { sections: [memorySection, lstmVariantsSection] },
  forecast: { sections: [forecastSection] },
};

/** The sections of `summary.task` (none for a task this version does not know). */
export function taskSections(summary: ExperimentSummary): string {
  const report = TASK_REPORTS[summary.task as TaskName];
  return (report?.sections ?? []).map((section) => section(summary)).filter(Boolean).join("\n");
}
