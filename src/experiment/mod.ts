/**
 * Running experiments, above training and reports: check every input, plan the runs (or a
 * `--resume` of an earlier output), train each run, write `summary.json`/`summary.csv` and the
 * report, and the `lecture` suite. The CLIs in `src/cli/` only parse flags and call these.
 * @module
 */
export {
  type ExperimentOptions,
  type LoadedExperiment,
  prepareRuns,
  runExperiment,
} from "./run.ts";
export { planResume, type ResumePlan, type ResumeRun } from "./resume.ts";
export { runSummary, writeSummary } from "./summary.ts";
export { LECTURE_EXPERIMENTS, type LectureOptions, rewriteLecture, runLecture } from "./lecture.ts";
export { claimOutDir, defaultOutDir } from "./outdir.ts";
export { formatSeconds, Progress } from "./progress.ts";
