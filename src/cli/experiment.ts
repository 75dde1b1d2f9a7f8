/**
 * `deno task experiment <name|path> [--quick] [--out DIR] [--set key.path=value ...]`
 *
 * Exit codes: 0 every run ended (finished or diverged), 1 a run crashed, 2 bad input,
 * 130 interrupted.
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { InputError } from "../errors.ts";
import { loadExperiment } from "../config/mod.ts";
import { prepareRuns, runExperiment } from "../train/experiment.ts";
import type { LoopControl } from "../train/loop.ts";
import { rejectUnknownFlags, runCli } from "./_main.ts";
import { claimOutDir, defaultOutDir } from "./_outdir.ts";

const USAGE =
  "usage: deno task experiment <name|path> [--quick] [--out DIR] [--set key.path=value ...]";

if (import.meta.main) {
  await runCli(async () => {
    const args = parseArgs(Deno.args, {
      boolean: ["quick", "help"],
      string: ["out", "set"],
      collect: ["set"],
    });
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    rejectUnknownFlags("experiment", args, ["quick", "out", "set", "help"]);
    if (args._.length !== 1) {
      throw new InputError(
        "experiment",
        args._.length ? `expects one experiment, got ${args._.length}` : "no experiment given",
        USAGE,
      );
    }
    const experiment = await loadExperiment(String(args._[0]), {
      quick: args.quick,
      sets: args.set as string[],
    });
    const runs = await prepareRuns(experiment);
    const outDir = args.out ?? defaultOutDir(experiment.config.name);
    claimOutDir(outDir);
    console.error(
      `${experiment.config.name}: ${runs.length} run(s)${args.quick ? " (quick)" : ""} → ${outDir}`,
    );
    const control: LoopControl = { interrupted: false };
    const onSignal = () => {
      if (control.interrupted) Deno.exit(130);
      control.interrupted = true;
      console.error("\ninterrupted: finishing the current step (press Ctrl-C again to quit now)");
    };
    Deno.addSignalListener("SIGINT", onSignal);
    Deno.addSignalListener("SIGTERM", onSignal);
    const summary = await runExperiment(experiment, runs, {
      outDir,
      quick: args.quick,
      control,
    });
    console.error(`report: ${outDir}/report.md`);
    if (control.interrupted) return 130;
    return summary.runs.some((r) => r.status === "failed") ? 1 : 0;
  });
}
