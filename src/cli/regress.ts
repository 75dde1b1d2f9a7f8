/**
 * `deno task regress [--update] [--baselines DIR] [--results DIR] [--outputs DIR] [--no-bench]`
 *
 * Runs the fixed quick suite (lstm-vs-rnn, plus timeseries-lstm-vs-rnn and long-memory when their
 * experiment files exist) on wasm with the files' fixed seeds, each as
 * `deno run -A src/cli/experiment.ts <name> --quick --set backend=wasm --set products=wasm --out <dir>`, and the CI
 * bench subset (`bench/ci_bench.ts`, if present) with `deno bench --json`; compares with
 * `baselines/<experiment>.json` and `baselines/bench.json`; writes
 * `<results>/<timestamp>/regress-report.md` and prints it. `--update` rewrites the baselines from
 * this run. `--outputs DIR` checks existing outputs `DIR/<experiment>/` instead of training.
 *
 * Exit codes: 0 no quality regression, 1 a quality regression or a crashed experiment, 2 bad
 * input.
 * @module
 */
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { readSummary } from "../report/read.ts";
import {
  type Baseline,
  baselineFromSummary,
  type BenchJson,
  benchRatios,
  checkQuality,
  checkThroughput,
  isRegression,
  regressionReport,
  type RegressResult,
  throughputRatios,
} from "../report/regress.ts";
import { exists, parseCliArgs, runCli } from "./_main.ts";

const USAGE = "usage: deno task regress [--update] [--baselines DIR] [--results DIR] " +
  "[--outputs DIR] [--no-bench]";

/** The suite: lstm-vs-rnn always; the others when their experiment file exists. */
const SUITE = [
  { experiment: "lstm-vs-rnn", required: true },
  { experiment: "timeseries-lstm-vs-rnn", required: false },
  { experiment: "long-memory", required: false },
] as const;

const BENCH_FILE = "bench/ci_bench.ts";
const BENCH_BASELINE = "bench.json";

async function readJson<T>(path: string): Promise<T | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new InputError(
      path,
      "is not valid JSON",
      "fix it or regenerate: deno task regress --update",
    );
  }
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await Deno.writeTextFile(path, JSON.stringify(value, null, 2) + "\n");
}

/** Run a command with its output going to `logPath`; returns the exit code. */
async function runLogged(args: string[], logPath: string): Promise<number> {
  const log = await Deno.open(logPath, { write: true, create: true, truncate: true });
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args,
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const drain = async (stream: ReadableStream<Uint8Array>) => {
      for await (const chunk of stream) await log.write(chunk);
    };
    const [status] = await Promise.all([child.status, drain(child.stdout), drain(child.stderr)]);
    return status.code;
  } finally {
    log.close();
  }
}

async function runBench(logDir: string): Promise<BenchJson | string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["bench", "-A", "--json", BENCH_FILE],
    stdout: "piped",
    stderr: "piped",
  }).output();
  await Deno.writeFile(join(logDir, "bench.json"), out.stdout);
  await Deno.writeFile(join(logDir, "bench.log"), out.stderr);
  if (!out.success) return `deno bench ${BENCH_FILE} exited ${out.code} (see bench.log)`;
  try {
    return JSON.parse(new TextDecoder().decode(out.stdout)) as BenchJson;
  } catch {
    return `deno bench ${BENCH_FILE} printed no JSON (see bench.log)`;
  }
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

if (import.meta.main) {
  await runCli(async () => {
    const args = parseCliArgs("regress", USAGE, Deno.args, {
      boolean: ["update", "bench"],
      string: ["baselines", "results", "outputs"],
      default: { baselines: "baselines", results: "results/regress", bench: true },
      negatable: ["bench"],
    });
    if (!args) return 0;
    if (args._.length) throw new InputError("regress", "takes no positional arguments", USAGE);
    const now = new Date();
    const reportDir = join(args.results, timestamp(now));
    await Deno.mkdir(reportDir, { recursive: true });
    await Deno.mkdir(args.baselines, { recursive: true });
    const result: RegressResult = { quality: [], throughput: [], warnings: [], failures: [] };

    for (const { experiment, required } of SUITE) {
      let outDir: string;
      const command =
        `deno run -A src/cli/experiment.ts ${experiment} --quick --set backend=wasm --set products=wasm --out <dir>`;
      if (args.outputs) {
        outDir = join(args.outputs, experiment);
        if (!await exists(join(outDir, "summary.json"))) {
          if (required) {
            throw new InputError(
              join(outDir, "summary.json"),
              "does not exist",
              `run ${command.replace("<dir>", outDir)} first, or leave out --outputs`,
            );
          }
          continue;
        }
      } else {
        if (!await exists(`experiments/${experiment}.jsonc`)) {
          if (required) result.failures.push(`experiments/${experiment}.jsonc is missing`);
          continue;
        }
        outDir = join(reportDir, experiment);
        console.error(`regress: ${experiment} (quick) → ${outDir}`);
        const code = await runLogged(
          [
            "run",
            "-A",
            "src/cli/experiment.ts",
            experiment,
            "--quick",
            "--set",
            "backend=wasm",
            // Baselines hold one product path: a BLAS reorders float sums, and a chaotic run
            // (the adding task's lag-10 rnn) then lands beyond the tolerance. The bench ratio
            // tracks the native path's speed.
            "--set",
            "products=wasm",
            "--out",
            outDir,
          ],
          join(reportDir, `${experiment}.log`),
        );
        if (code !== 0) {
          result.failures.push(
            `${experiment}: the experiment exited with code ${code} (log: ${
              join(reportDir, `${experiment}.log`)
            })`,
          );
          continue;
        }
      }
      const summary = await readSummary(outDir);
      const baselinePath = join(args.baselines, `${experiment}.json`);
      let baseline = await readJson<Baseline>(baselinePath);
      if (args.update) {
        baseline = baselineFromSummary(summary, command, baseline ?? undefined);
        await writeJson(baselinePath, baseline);
        console.error(`regress: wrote ${baselinePath}`);
      }
      if (baseline === null) {
        result.warnings.push(
          `${experiment}: no baseline at ${baselinePath}; create it with deno task regress --update`,
        );
        continue;
      }
      result.quality.push(...checkQuality(baseline, summary));
      result.throughput.push(
        ...checkThroughput(experiment, baseline.throughput, throughputRatios(summary)),
      );
    }

    if (args.bench && await exists(BENCH_FILE)) {
      console.error(`regress: deno bench --json ${BENCH_FILE}`);
      const bench = await runBench(reportDir);
      if (typeof bench === "string") result.warnings.push(bench);
      else {
        const ratios = benchRatios(bench);
        const benchPath = join(args.baselines, BENCH_BASELINE);
        let stored = await readJson<{ ratios: Record<string, number> }>(benchPath);
        if (args.update) {
          await writeJson(benchPath, {
            note: "Bench speed-up ratios (deno bench --json bench/ci_bench.ts), for warnings " +
              "only; absolute times are not kept because this machine's speed varies.",
            ratios,
          });
          stored = { ratios };
        }
        result.throughput.push(...checkThroughput("bench", stored?.ratios, ratios));
      }
    } else if (args.bench) {
      result.warnings.push(`${BENCH_FILE} does not exist: no bench ratios`);
    }

    for (const row of result.throughput.filter((r) => r.verdict === "warn")) {
      result.warnings.push(
        `throughput: ${row.ratio} fell from ${row.baseline?.toFixed(3)} to ${row.now?.toFixed(3)}`,
      );
    }
    const report = regressionReport(result, {
      createdAt: now.toISOString(),
      baselinesDir: args.baselines,
      updated: args.update,
    });
    const reportPath = join(reportDir, "regress-report.md");
    await Deno.writeTextFile(reportPath, report);
    console.log(report);
    console.log(`report: ${reportPath}`);
    return isRegression(result) ? 1 : 0;
  });
}
