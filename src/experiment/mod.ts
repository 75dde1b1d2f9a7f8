/**
 * Running experiments, above training and reports: check every input, plan the runs (or a
 * `--resume` of an earlier output), train each run, write `summary.json`/`summary.csv` and the
 * report, and the `lecture` suite; `--jobs N` runs in child processes, `--shard i/n` and merging
 * shard outputs. The CLIs in `src/cli/` only parse flags and call these.
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
export {
  parseShard,
  parseShardCount,
  readShardManifest,
  type Shard,
  SHARD_MANIFEST,
  shardFromEnv,
  type ShardManifest,
  shardRuns,
} from "./shard.ts";
export { mergeShards } from "./merge.ts";
export { formatSeconds, Progress, RunBoard } from "./progress.ts";
export { describeOutcome, type PlannedRun, trainRun } from "./train_run.ts";
