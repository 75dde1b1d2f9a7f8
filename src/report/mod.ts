/**
 * Reports: `summary.json`/`summary.csv`, `report.md`, and (from the charts module) SVG charts and
 * a self-contained `report.html`, all rebuilt from an output folder; a lecture suite's
 * `lecture.md` from its experiment folders.
 * @module
 */
export {
  type ExperimentSummary,
  type RunRuntime,
  type RunStatus,
  type RunSummary,
  summaryCsv,
} from "./summary.ts";
export { reportMarkdown } from "./markdown.ts";
export { writeReport } from "./write.ts";
export {
  isLectureFolder,
  LECTURE_EXPERIMENTS,
  LECTURE_FILE,
  lectureParts,
  rebuildLecture,
  writeLecture,
} from "./lecture_folder.ts";
