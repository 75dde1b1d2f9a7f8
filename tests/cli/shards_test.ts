/**
 * Parallel runs and shards, end to end on the `smoke` experiment (two runs, a few steps):
 *
 * - `--jobs 2` (two worker processes, each training one run after another) gives the same results
 *   as `--jobs 1`;
 * - each engine's way of naming the shard (a CI matrix's `--shard i/n`, a Kubernetes Indexed
 *   Job's `JOB_COMPLETION_INDEX`, a Slurm array's `SLURM_ARRAY_TASK_*`) as N local processes,
 *   then `deno task merge`, gives the unsharded output apart from timings;
 * - merge refuses a missing shard, a shard twice, a run twice, other experiments (exit 2, one line,
 *   nothing written);
 * - a run whose process dies does not stop the other; Ctrl-C stops the rest with checkpoints
 *   (exit 130), and `--resume` finishes both.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "@std/assert";
import { ownStderr, REPO_ROOT, runCliProcess } from "../_cli.ts";
import type { ExperimentSummary } from "../../src/report/mod.ts";
import { mergeShards } from "../../src/experiment/mod.ts";
import { InputError } from "../../src/errors.ts";

const root = await Deno.makeTempDir({ prefix: "rnnlab-shards-" });
const QUICK = ["smoke", "--quick"];

/** Keys that hold timings: they differ between any two runs (`seconds`: a baseline's fit time). */
const TIMINGS = new Set(["createdAt", "wallSeconds", "charsPerSec", "seconds"]);

function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).filter(([k]) => !TIMINGS.has(k)).map(([k, v]) => [
        k,
        withoutTimings(v),
      ]),
    );
  }
  return value;
}

/** CSV without its timing columns. */
function csvWithoutTimings(text: string): string {
  const rows = text.trim().split(/\r?\n/).map((line) => line.split(","));
  const keep = rows[0].map((name, i) => (TIMINGS.has(name) ? -1 : i)).filter((i) => i >= 0);
  return rows.map((row) => keep.map((i) => row[i]).join(",")).join("\n");
}

/** report.md without its timings: the "written <date>" line and the chars/s column. */
function markdownWithoutTimings(text: string): string {
  let timing: number[] = [];
  return text.split("\n").map((line) => {
    if (!line.startsWith("|")) {
      timing = [];
      return line.replace(/written \S+\./, "written ….");
    }
    const cells = line.split("|");
    if (timing.length === 0 && /chars\/s|seconds/.test(line)) {
      timing = cells.flatMap((c, i) => (/chars\/s|seconds/.test(c) ? [i] : []));
    }
    return cells.map((c, i) => (timing.includes(i) && !/---/.test(c) ? "…" : c)).join("|");
  }).join("\n");
}

/** Everything an output says about its runs, apart from timings. */
function outputOf(dir: string) {
  const summary = JSON.parse(Deno.readTextFileSync(`${dir}/summary.json`)) as ExperimentSummary;
  const runFiles = Object.fromEntries(summary.runs.map((r) => [
    r.id,
    [...Deno.readDirSync(`${dir}/${r.id}`)].map((e) => e.name).sort(),
  ]));
  const metrics = Object.fromEntries(summary.runs.map((r) => [
    r.id,
    // step … valPpl: what the run measured (live tensor counts depend on the process).
    Deno.readTextFileSync(`${dir}/${r.id}/metrics.csv`).trim().split("\n")
      .map((line) => line.split(",").slice(0, 8).join(",")),
  ]));
  return {
    summary: withoutTimings(summary),
    csv: csvWithoutTimings(Deno.readTextFileSync(`${dir}/summary.csv`)),
    report: markdownWithoutTimings(Deno.readTextFileSync(`${dir}/report.md`)),
    html: Deno.statSync(`${dir}/report.html`).isFile,
    runFiles,
    metrics,
  };
}

async function experiment(out: string, args: string[], env: Record<string, string> = {}) {
  const result = await runCliProcess("experiment", [...QUICK, "--out", out, ...args], { env });
  assertEquals(result.code, 0, result.stderr);
  return result;
}

// Every process starts at once (as a scheduler would start the shards); the tests await theirs.
const reference = `${root}/reference`;
const referenceRun = experiment(reference, ["--jobs", "1"]);
const parallel = `${root}/parallel`;
const parallelRun = experiment(parallel, ["--jobs", "2"]);
// Six runs on two workers: each worker trains several runs in one process.
const SEEDS = ["--set", "grid.training.seed=[1,2,3]"];
const seedsReference = `${root}/seeds-reference`;
const seedsReferenceRun = experiment(seedsReference, ["--jobs", "1", ...SEEDS]);
const seedsParallel = `${root}/seeds-parallel`;
const seedsParallelRun = experiment(seedsParallel, ["--jobs", "2", ...SEEDS]);

Deno.test("--jobs 2: runs in two worker processes, the same results as --jobs 1", async () => {
  const { stderr } = await parallelRun;
  const one = await referenceRun;
  assertMatch(stderr, /2 at once/);
  assertMatch(stderr, /runs ended, \d+\/\d+ steps, ETA/, "the overall progress line");
  assertMatch(one.stderr, /runs ended, \d+\/\d+ steps, ETA/, "--jobs 1: the overall line too");
  assertEquals(outputOf(parallel), outputOf(reference));
});

Deno.test("--jobs 2 with six runs: a worker's later runs equal --jobs 1's too", async () => {
  await Promise.all([seedsParallelRun, seedsReferenceRun]);
  const output = outputOf(seedsParallel);
  assertEquals((output.summary as ExperimentSummary).runs.length, 6);
  assertEquals(output, outputOf(seedsReference));
});

/** How each engine tells a process its shard, for shard `i` of 2. */
const ENGINES: {
  name: string;
  args: (i: number) => string[];
  env: (i: number) => Record<string, string>;
}[] = [
  { name: "CI matrix", args: (i) => ["--shard", `${i}/2`], env: () => ({}) },
  {
    name: "Kubernetes Indexed Job",
    args: () => ["--shards", "2"],
    env: (i) => ({ JOB_COMPLETION_INDEX: String(i) }),
  },
  {
    name: "Slurm job array",
    args: () => ["--shards", "2"],
    env: (i) => ({
      SLURM_ARRAY_JOB_ID: "4242",
      SLURM_ARRAY_TASK_ID: String(7 + i),
      SLURM_ARRAY_TASK_MIN: "7",
      SLURM_ARRAY_TASK_MAX: "8",
      SLURM_ARRAY_TASK_COUNT: "2",
    }),
  },
];

const shardDirs = (engine: string) => [0, 1].map((i) => `${root}/${engine}-shard-${i}`);
const shardRuns = ENGINES.map((engine) =>
  Promise.all(
    shardDirs(engine.name.replace(/\W/g, "")).map((dir, i) =>
      experiment(dir, engine.args(i), engine.env(i))
    ),
  )
);

for (const [e, engine] of ENGINES.entries()) {
  Deno.test(`${engine.name}: 2 shard processes + merge = the unsharded output`, async () => {
    const dirs = shardDirs(engine.name.replace(/\W/g, ""));
    await shardRuns[e];
    for (const [i, dir] of dirs.entries()) {
      const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/shard.json`));
      assertEquals(manifest.shard, { index: i, count: 2 });
      assertEquals(manifest.runs, [["rnn", "lstm"][i]]);
    }
    const merged = `${root}/${engine.name.replace(/\W/g, "")}-merged`;
    // Shards in any order.
    const result = await runCliProcess("merge", [merged, dirs[1], dirs[0]]);
    assertEquals(result.code, 0, result.stderr);
    await referenceRun;
    assertEquals(outputOf(merged), outputOf(reference));
  });
}

Deno.test("merge refuses bad sets of shards (InputError), before writing anything", async () => {
  const [s0, s1] = shardDirs("CImatrix");
  await shardRuns[0];
  await referenceRun;
  /** A copy of a shard's manifest and summary, with `patch` applied to them. */
  const copy = (
    from: string,
    to: string,
    patch: (manifest: Record<string, unknown>, summary: ExperimentSummary) => void,
  ) => {
    Deno.mkdirSync(to, { recursive: true });
    const manifest = JSON.parse(Deno.readTextFileSync(`${from}/shard.json`));
    const summary = JSON.parse(Deno.readTextFileSync(`${from}/summary.json`));
    patch(manifest, summary);
    Deno.writeTextFileSync(`${to}/shard.json`, JSON.stringify(manifest));
    Deno.writeTextFileSync(`${to}/summary.json`, JSON.stringify(summary));
    return to;
  };
  const runTwice = copy(s0, `${root}/s0-as-1`, (m) => (m.shard = { index: 1, count: 2 }));
  const otherConfig = copy(s1, `${root}/s1-other`, (m) => (m.fingerprint = "0".repeat(64)));
  const otherExperiment = copy(s1, `${root}/s1-exp`, (m) => (m.experiment = "clipping"));
  const stopped = copy(s1, `${root}/s1-stopped`, (_, s) => (s.runs[0].status = "interrupted"));
  const cases: [string, string[], RegExp][] = [
    ["a shard twice", [s0, s0, s1], /shard 0\/2 again/],
    ["a run twice", [s0, runTwice], /has run rnn, which .* has too/],
    ["other run configs", [s0, otherConfig], /other run configs/],
    ["another experiment", [s0, otherExperiment], /experiment "clipping", not "smoke"/],
    ["not a shard", [reference, s1], /shard\.json: does not exist/],
    ["an interrupted shard", [s0, stopped], /shard 1\/2 was interrupted \(lstm did not end\)/],
  ];
  for (const [i, [name, dirs, expect]] of cases.entries()) {
    const out = `${root}/refused-${i}`;
    const error = await assertRejects(() => mergeShards(out, dirs), InputError);
    assertMatch(error.message, expect, name);
    assert(!exists(out), `${name}: nothing is written`);
  }
  // The command: exit 2 and one line on stderr.
  const { code, stderr } = await runCliProcess("merge", [`${root}/refused`, s0]);
  const lines = ownStderr(stderr).split("\n");
  assertEquals([code, lines.length], [2, 1], stderr);
  assertMatch(lines[0], /^error: merge: shard 1\/2 missing; pass all 2 shard outputs$/);
  assert(!exists(`${root}/refused`));
});

Deno.test("--jobs 2: a run whose process dies leaves the other running; Ctrl-C; --resume", async () => {
  const out = `${root}/crash`;
  const sets = ["training.steps=200", "training.checkpointInterval=10", "training.evalInterval=50"]
    .flatMap((s) => ["--set", s]);
  const parent = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${REPO_ROOT}src/cli/experiment.ts`,
      "smoke",
      "--out",
      out,
      "--jobs",
      "2",
      ...sets,
    ],
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const output = parent.output();
  await waitFor(() =>
    exists(`${out}/rnn/checkpoint.json`) && exists(`${out}/lstm/checkpoint.json`)
  );
  // Worker 0 (`--slot 0`) trains the first run, rnn.
  const rnn = childPid(parent.pid, "--slot 0");
  Deno.kill(rnn, "SIGKILL");
  // The lstm run goes on: its metrics grow after the rnn process died.
  const rows = () => Deno.readTextFileSync(`${out}/lstm/metrics.csv`).split("\n").length;
  const before = rows();
  await waitFor(() => rows() > before + 10);
  parent.kill("SIGINT");
  const { code, stderr } = await output;
  const text = new TextDecoder().decode(stderr);
  assertEquals(code, 130, text);
  assertMatch(text, /rnn: failed: the run's process ended \(signal SIGKILL\)/);
  const stopped = JSON.parse(Deno.readTextFileSync(`${out}/summary.json`)) as ExperimentSummary;
  assertEquals(stopped.runs.map((r) => [r.id, r.status]), [["rnn", "failed"], [
    "lstm",
    "interrupted",
  ]]);
  assert(stopped.runs[1].steps < 200 && stopped.runs[1].steps >= 10);

  const resumed = await runCliProcess("experiment", [
    "smoke",
    "--resume",
    out,
    "--jobs",
    "2",
    ...sets,
  ]);
  assertEquals(resumed.code, 0, resumed.stderr);
  const done = JSON.parse(Deno.readTextFileSync(`${out}/summary.json`)) as ExperimentSummary;
  assertEquals(done.runs.map((r) => [r.id, r.status, r.steps]), [["rnn", "finished", 200], [
    "lstm",
    "finished",
    200,
  ]]);
  for (const id of ["rnn", "lstm"]) {
    const steps = Deno.readTextFileSync(`${out}/${id}/metrics.csv`).trim().split("\n").slice(1)
      .map((line) => Number(line.split(",")[0]));
    assertEquals(steps, Array.from({ length: 200 }, (_, i) => i + 1), `${id}: each step once`);
  }
});

Deno.test({
  name: "shards: cleanup",
  fn: () => Deno.removeSync(root, { recursive: true }),
});

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

// Generous: under heavy load (CI sharing the machine) two worker processes start slowly.
async function waitFor(condition: () => boolean, timeoutMs = 180_000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The pid of the child process of `parent` whose command line contains `marker`. */
function childPid(parent: number, marker: string): number {
  const ps = new Deno.Command("ps", { args: ["-o", "pid=,args=", "--ppid", String(parent)] })
    .outputSync();
  const line = new TextDecoder().decode(ps.stdout).split("\n").find((l) => l.includes(marker));
  if (!line) throw new Error(`no child of ${parent} with ${marker}`);
  return Number(line.trim().split(/\s+/)[0]);
}
