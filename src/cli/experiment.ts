/**
 * `deno task experiment <name|path> [--quick] [--out DIR | --resume DIR] [--set key.path=value ...]`
 *
 * `--resume DIR` continues every unfinished run of the output `DIR` from its last checkpoint and
 * skips the runs that ended; give the same `--quick`/`--set` options as the original command.
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
  planResume,
  prepareRuns,
  runExperiment,
  runLecture,
} from "../experiment/mod.ts";
import { interruptOnSignals, parseCliArgs, runCli } from "./_main.ts";

const USAGE = "usage: deno task experiment <name|path> [--quick] [--out DIR | --resume DIR] " +
  "[--set key.path=value ...]";

if (import.meta.main) {
  await runCli(async () => {
    const args = parseCliArgs("experiment", USAGE, Deno.args, {
      boolean: ["quick"],
      string: ["out", "set", "resume"],
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
    if (args._[0] === "lecture" && args.resume === undefined) {
      // The suite: lstm-vs-rnn, clipping and long-memory, then lecture.md (src/experiment/lecture.ts).
      return await lectureMain({ quick: args.quick, out: args.out, sets: args.set as string[] });
    }
    const experiment = await loadExperiment(String(args._[0]), {
      quick: args.quick,
      sets: args.set as string[],
    });
    const runs = await prepareRuns(experiment);
    const resume = args.resume === undefined ? undefined : await planResume(args.resume, runs);
    const outDir = args.resume ?? args.out ?? defaultOutDir(experiment.config.name);
    if (!resume) claimOutDir(outDir);
    const what = resume
      ? `resuming ${[...resume.runs.values()].filter((r) => r.action === "continue").length} run(s)`
      : `${runs.length} run(s)`;
    console.error(`${experiment.config.name}: ${what}${args.quick ? " (quick)" : ""} → ${outDir}`);
    const control = interruptOnSignals();
    const summary = await runExperiment(experiment, runs, {
      outDir,
      quick: args.quick,
      control,
      resume,
    });
    console.error(`report: ${outDir}/report.md`);
    if (control.interrupted) return 130;
    return summary.runs.some((r) => r.status === "failed") ? 1 : 0;
  });
}

/**
 * `deno task experiment lecture [--quick] [--out DIR] [--set k=v ...]`: run the suite with Ctrl-C
 * handling and return the exit code (0, 1 a run crashed, 130).
 */
async function lectureMain(
  args: { quick: boolean; out?: string; sets?: string[] },
): Promise<number> {
  const outDir = args.out ?? defaultOutDir("lecture");
  const control = interruptOnSignals();
  const summaries = await runLecture({ outDir, quick: args.quick, sets: args.sets ?? [], control });
  console.error(`lecture: ${outDir}/lecture.md`);
  if (control.interrupted) return 130;
  return summaries.some((s) => s.runs.some((r) => r.status === "failed")) ? 1 : 0;
}
