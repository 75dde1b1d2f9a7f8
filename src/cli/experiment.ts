/**
 * `deno task experiment <name|path> [--quick] [--out DIR | --resume DIR] [--jobs N]
 * [--shard i/n | --shards n] [--set key.path=value ...]`
 *
 * `--resume DIR` continues every unfinished run of the output `DIR` from its last checkpoint and
 * skips the runs that ended; give the same `--quick`/`--set`/`--shard` options as the original
 * command. `--jobs N` trains N runs at once in N worker processes (default: the number of cores,
 * at most the number of runs). `--shard i/n` trains only shard i of n (runs whose index is
 * i modulo n); `--shards n` takes i from `JOB_COMPLETION_INDEX` (Kubernetes Indexed Job) or
 * `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN` (Slurm job array). `deno task merge` combines them.
 *
 * Exit codes: 0 every run ended (finished or diverged), 1 a run crashed, 2 bad input,
 * 130 interrupted.
 * @module
 */
import { InputError } from "../errors.ts";
import { loadExperiment } from "../config/mod.ts";
import {
  claimOutDir,
  defaultOutDir,
  parseShard,
  parseShardCount,
  planResume,
  prepareRuns,
  readShardManifest,
  runExperiment,
  runLecture,
  type Shard,
  shardFromEnv,
  shardRuns,
} from "../experiment/mod.ts";
import { interruptOnSignals, parseCliArgs, runCli } from "./_main.ts";

const USAGE = "usage: deno task experiment <name|path> [--quick] [--out DIR | --resume DIR] " +
  "[--jobs N] [--shard i/n | --shards n] [--set key.path=value ...]";

/** `--jobs N`: a whole number ≥ 1; default the number of cores. */
function parseJobs(value: string | undefined): number {
  if (value === undefined) return navigator.hardwareConcurrency || 1;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new InputError(
      `experiment: --jobs ${value}`,
      "is not a whole number ≥ 1",
      "give the number of runs to train at once, e.g. --jobs 2",
    );
  }
  return Number(value);
}

/** The shard from `--shard i/n` or `--shards n` (with the scheduler's variables), if any. */
function shardOf(args: { shard?: string; shards?: string }): Shard | undefined {
  if (args.shard !== undefined && args.shards !== undefined) {
    throw new InputError("experiment: --shard", "cannot be combined with --shards", USAGE);
  }
  if (args.shard !== undefined) return parseShard(args.shard);
  if (args.shards !== undefined) {
    return shardFromEnv(parseShardCount(args.shards), (name) => Deno.env.get(name));
  }
  return undefined;
}

if (import.meta.main) {
  await runCli(async () => {
    const args = parseCliArgs("experiment", USAGE, Deno.args, {
      boolean: ["quick"],
      string: ["out", "set", "resume", "jobs", "shard", "shards"],
      collect: ["set"],
    });
    if (!args) return 0;
    if (args.out !== undefined && args.resume !== undefined) {
      throw new InputError("experiment: --resume", "cannot be combined with --out", USAGE);
    }
    if (args._.length !== 1) {
      throw new InputError(
        "experiment",
        args._.length ? `expects one experiment, got ${args._.length}` : "no experiment given",
        USAGE,
      );
    }
    const jobs = parseJobs(args.jobs);
    const shard = shardOf(args);
    if (args._[0] === "lecture" && args.resume === undefined) {
      if (shard) {
        throw new InputError(
          "experiment lecture: --shard",
          "the suite runs three experiments and cannot be sharded",
          "shard each experiment (lstm-vs-rnn, clipping, long-memory) on its own",
        );
      }
      // The suite: lstm-vs-rnn, clipping and long-memory, then lecture.md (src/experiment/).
      return await lectureMain({
        quick: args.quick,
        out: args.out,
        sets: args.set as string[],
        jobs,
      });
    }
    const experiment = await loadExperiment(String(args._[0]), {
      quick: args.quick,
      sets: args.set as string[],
    });
    const allRuns = await prepareRuns(experiment);
    const runs = shard ? shardRuns(allRuns, shard) : allRuns;
    if (args.resume !== undefined) checkResumedShard(args.resume, shard);
    const resume = args.resume === undefined ? undefined : await planResume(args.resume, runs);
    const outDir = args.resume ?? args.out ?? defaultOutDir(
      experiment.config.name + (shard ? `/shard-${shard.index}-of-${shard.count}` : ""),
    );
    if (!resume) claimOutDir(outDir);
    const toTrain = resume
      ? [...resume.runs.values()].filter((r) => r.action === "continue").length
      : runs.length;
    const what = resume ? `resuming ${toTrain} run(s)` : `${runs.length} run(s)`;
    const where = shard ? ` (shard ${shard.index}/${shard.count})` : "";
    const parallel = Math.min(jobs, toTrain) > 1 ? `, ${Math.min(jobs, toTrain)} at once` : "";
    console.error(
      `${experiment.config.name}${where}: ${what}${parallel}${
        args.quick ? " (quick)" : ""
      } → ${outDir}`,
    );
    const control = interruptOnSignals();
    const summary = await runExperiment(experiment, allRuns, {
      outDir,
      quick: args.quick,
      control,
      resume,
      jobs,
      shard,
    });
    console.error(`report: ${outDir}/report.md`);
    if (control.interrupted) return 130;
    return summary.runs.some((r) => r.status === "failed") ? 1 : 0;
  });
}

/** `--resume` of a shard's output needs the same `--shard`; of a whole output, none. */
function checkResumedShard(dir: string, shard: Shard | undefined): void {
  const manifest = readShardManifest(dir, { optional: true });
  const was = manifest ? `${manifest.shard.index}/${manifest.shard.count}` : undefined;
  const now = shard ? `${shard.index}/${shard.count}` : undefined;
  if (was === now) return;
  throw new InputError(
    `--resume ${dir}`,
    was ? `is the output of shard ${was}` : "is not the output of a shard",
    was ? `resume it with --shard ${was}` : "resume it without --shard/--shards",
  );
}

/**
 * `deno task experiment lecture [--quick] [--out DIR] [--jobs N] [--set k=v ...]`: run the suite
 * with Ctrl-C handling and return the exit code (0, 1 a run crashed, 130).
 */
async function lectureMain(
  args: { quick: boolean; out?: string; sets?: string[]; jobs: number },
): Promise<number> {
  const outDir = args.out ?? defaultOutDir("lecture");
  const control = interruptOnSignals();
  const summaries = await runLecture({
    outDir,
    quick: args.quick,
    sets: args.sets ?? [],
    control,
    jobs: args.jobs,
  });
  console.error(`lecture: ${outDir}/lecture.md`);
  if (control.interrupted) return 130;
  return summaries.some((s) => s.runs.some((r) => r.status === "failed")) ? 1 : 0;
}
